/* Vietnamese text for search, shared by the search worker and the page: the same folding and
   tone handling as hoidap.vietnamese.vntext in Python, which builds the index, and the reading of words typed
   with the Vietnamese input method off (Telex, VNI), as hoidap.vietnamese.telex reads them. */
(function (scope) {
  "use strict"
  var WORD = /(?:[\p{L}\p{N}]|[\u0300-\u036f\u1780-\u17ff])+/gu
  var MARKS = /[\u0300-\u036f]/g
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g
  var TONE_MARKS = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]   /* ngang, sắc, huyền, hỏi, ngã, nặng */
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }
  var GLUED = /^(nq|câu|cau)(\d+)$/        /* nq57, câu3: the number typed against its word */

  /* Lower case, no diacritics, đ as d: "Đổi mới" → "doi moi" */
  function fold(text) {
    return text.replace(/[đĐ]/g, function (c) { return c === "đ" ? "d" : "D" })
      .normalize("NFD").replace(MARKS, "").normalize("NFC").toLowerCase()
  }

  /* The word with its tone mark moved to the end: hoà and hòa give the same key */
  function toneKey(word) {
    var decomposed = word.toLowerCase().normalize("NFD")
    var tones = (decomposed.match(TONES) || []).join("")
    return decomposed.replace(TONES, "").normalize("NFC") + tones
  }

  /* Words of a text with their places: [{word, start, end}] (text is taken as given) */
  function words(text) {
    var out = [], match
    WORD.lastIndex = 0
    while ((match = WORD.exec(text)) !== null)
      out.push({ word: match[0], start: match.index, end: match.index + match[0].length })
    return out
  }

  function escape(text) {
    return text.replace(/[&<>"']/g, function (c) { return ESCAPES[c] })
  }

  /* --- Vietnamese syllables (hoidap.vietnamese.syllable): every valid toneless syllable, onset + rhyme --- */
  var VOWELS = "aăâeêioôơuưy", MODIFIED = "ăâêôơư"
  var ONSETS = " b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split(" ")
  var CODAS = ["c", "ch", "m", "n", "ng", "nh", "p", "t"], STOPS = ["c", "ch", "p", "t"]
  var PLAIN = "a - c ch m n ng nh p t | ai ao au ay - | ă c m n ng p t | â c m n ng p t | âu ây - | " +
    "e - c m n ng p t | eo - | ê - ch m n nh p t | êu - | i - ch m n nh p t | ia iu - | iê c m n ng p t | iêu - | " +
    "o - c m n ng p t | oi - | oo c ng | ô - c m n ng p t | ôi - | ơ - m n p t | ơi - | u - c m n ng p t | " +
    "ua ui - | uô c m n ng t | uôi - | ư - c ng t | ưa ưi ưu - | ươ c m n ng p t | ươi ươu - | y - | " +
    "yê m n ng t | yêu -"
  var MEDIAL = "oa - c ch m n ng nh p t | oai oay oao - | oă c m n ng t | oe - n t | oeo - | uâ n ng t | " +
    "uây - | uê - ch nh | uơ - | uy - ch n nh p t | uya uyu - | uyê n t"
  var SYLLABLES = syllables()                /* toneless syllable → [onset, coda] */

  function rhymes(spec) {
    var out = []
    spec.split("|").forEach(function (group) {
      var parts = group.trim().split(/\s+/)
      var codas = parts.filter(function (w) { return w === "-" || CODAS.indexOf(w) >= 0 })
      parts.filter(function (w) { return codas.indexOf(w) < 0 }).forEach(function (nucleus) {
        codas.forEach(function (coda) { out.push([nucleus, coda === "-" ? "" : coda]) })
      })
    })
    return out
  }

  function syllables() {
    var table = Object.create(null), plain = rhymes(PLAIN), medial = rhymes(MEDIAL)
    function add(onset, nucleus, coda) {
      if (!table[onset + nucleus + coda]) table[onset + nucleus + coda] = [onset, coda]
    }
    ONSETS.forEach(function (onset) {
      plain.forEach(function (rhyme) {
        var nucleus = rhyme[0], coda = rhyme[1], first = nucleus[0]
        if (onset === "qu") {
          if ("aăâeêyơ".indexOf(first) >= 0 || nucleus === "i" || nucleus + coda === "ôc") add(onset, nucleus, coda)
        } else if (onset === "gi") {
          if (nucleus.indexOf("iê") === 0) add(onset, nucleus.slice(1), coda)   /* gi + iêng is written giêng */
          else if ("iy".indexOf(first) < 0) add(onset, nucleus, coda)
        } else if (onset === "k") {
          if ("eêiy".indexOf(first) >= 0) add(onset, nucleus, coda)
        } else if (onset === "gh" || onset === "ngh") {
          if ("eêi".indexOf(first) >= 0) add(onset, nucleus, coda)
        } else if (onset === "c" || onset === "g" || onset === "ng") {
          if ("eêy".indexOf(first) < 0 && !(first === "i" && (onset !== "g" || nucleus !== "i"))) add(onset, nucleus, coda)
        } else if (nucleus.indexOf("yê") === 0) {
          if (onset === "") add(onset, nucleus, coda)
        } else if (!(nucleus.indexOf("iê") === 0 && onset === "")) {
          add(onset, nucleus, coda)
        }
      })
      medial.forEach(function (rhyme) {
        if (onset === "qu") add(onset, rhyme[0].slice(1), rhyme[1])   /* quân, quê, quyết */
        else if (["k", "gh", "ngh", "c", "gi"].indexOf(onset) < 0) add(onset, rhyme[0], rhyme[1])
      })
    })
    return table
  }

  /* --- Telex and VNI keystrokes (hoidap.vietnamese.telex.decode) --- */
  var TONE_KEYS = { s: 1, f: 2, r: 3, x: 4, j: 5 }
  var CIRCUMFLEX = { a: "â", e: "ê", o: "ô" }
  var BREVE_OR_HORN = [["uo", "ươ"], ["ưo", "ươ"], ["uơ", "ươ"], ["a", "ă"], ["o", "ơ"], ["u", "ư"]]
  var FORGOTTEN = [["uo", "ươ"], ["a", "â"], ["a", "ă"], ["e", "ê"], ["o", "ô"], ["o", "ơ"], ["u", "ư"]]

  function isVowel(letter) { return VOWELS.indexOf(letter) >= 0 }

  function vowelGroup(letters) {             /* [start, end) of the last run of vowels */
    var end = letters.length
    while (end && !isVowel(letters[end - 1])) end--
    var start = end
    while (start && isVowel(letters[start - 1])) start--
    return start === end ? [letters.length, letters.length] : [start, end]
  }

  function modify(letters, key) {            /* circumflex (a, e, o), breve or horn (w, VNI 7, 8) */
    var span = vowelGroup(letters), start = span[0], group = letters.slice(start, span[1]).join("")
    if (start > 0 && letters[start - 1] === "q" && group[0] === "u") { start++; group = group.slice(1) }
    if (CIRCUMFLEX[key]) {
      var at = group.lastIndexOf(key)
      if (at < 0) return false
      letters[start + at] = CIRCUMFLEX[key]
      return true
    }
    for (var i = 0; i < BREVE_OR_HORN.length; i++) {
      var plain = BREVE_OR_HORN[i][0]
      if (key !== "w" && (plain === "a") !== (key === "breve")) continue   /* VNI 8: ă; 7: ơ, ư */
      var found = group.indexOf(plain)
      if (found >= 0) {
        letters.splice.apply(letters, [start + found, plain.length].concat(Array.from(BREVE_OR_HORN[i][1])))
        return true
      }
    }
    return false
  }

  /* The syllable typed as Telex or VNI keys (lower-case ASCII), as {toneless, tone}, or null when
     the keys change nothing or give no Vietnamese syllable: "quyeets", "ddaats", "uo61n", "na81n" */
  function decode(keys) {
    if (!/^[a-z][a-z0-9]*$/.test(keys)) return null
    var letters = [], tone = 0, changed = false, vni = /\d/.test(keys)
    for (var i = 0; i < keys.length; i++) {
      var char = keys[i], hasVowel = letters.some(isVowel)
      if (vni) {
        if (!/\d/.test(char)) { letters.push(char); continue }
        changed = true
        if ("12345".indexOf(char) >= 0) {
          if (!hasVowel || tone) return null
          tone = Number(char)
        } else if (char === "9") {
          if (letters.join("") !== "d") return null
          letters = ["đ"]
        } else if (char === "6") {
          var span = vowelGroup(letters), target = ""
          for (var j = span[1] - 1; j >= span[0] && !target; j--) if (CIRCUMFLEX[letters[j]]) target = letters[j]
          if (!target || !modify(letters, target)) return null
        } else if (!modify(letters, char === "7" ? "horn" : char === "8" ? "breve" : "none")) {
          return null
        }
        continue
      }
      if (tone && isVowel(char)) return null   /* vowels come before the tone key */
      if (char === "d" && letters.join("") === "d") { letters = ["đ"]; changed = true }
      else if (CIRCUMFLEX[char] && letters[letters.length - 1] === char) { letters[letters.length - 1] = CIRCUMFLEX[char]; changed = true }
      else if (char === "w") {
        if (!modify(letters, "w")) {
          if (hasVowel) return null
          letters.push("ư")                     /* w alone types ư: nhw → như */
        }
        changed = true
      } else if (TONE_KEYS[char] && hasVowel) {
        if (tone) return null
        tone = TONE_KEYS[char]
        changed = true
      } else letters.push(char)
    }
    if (!changed) return null
    var toneless = letters.join("").replace(/ươ$/, "uơ")   /* an open ươ is written uơ: thuở */
    var found = spellings(toneless).filter(function (spelling) { return toned(spelling, tone) })
    return found.length === 1 ? { toneless: found[0], tone: tone } : null
  }

  function spellings(toneless) {            /* the syllable, or those a forgotten mark would give */
    if (SYLLABLES[toneless]) return [toneless]
    if (Array.from(toneless).some(function (c) { return MODIFIED.indexOf(c) >= 0 })) return []
    var out = []
    FORGOTTEN.forEach(function (pair) {
      for (var at = toneless.indexOf(pair[0]); at >= 0; at = toneless.indexOf(pair[0], at + 1)) {
        var spelling = toneless.slice(0, at) + pair[1] + toneless.slice(at + pair[0].length)
        if (SYLLABLES[spelling] && out.indexOf(spelling) < 0) out.push(spelling)
      }
    })
    return out
  }

  function toned(toneless, tone) {          /* a syllable with this tone (stops take only sắc, nặng) */
    var parts = SYLLABLES[toneless]
    if (parts[0] === "p") return false       /* a bare p onset: English per, post */
    return STOPS.indexOf(parts[1]) < 0 || tone === 1 || tone === 5
  }

  /* One spelling a query word may stand for: folded, tone key, typed with marks or not */
  function form(word) {
    var folded = fold(word)
    return { folded: folded, key: toneKey(word), marked: folded !== word }
  }

  /* The terms one typed word (lower case) stands for: two when a number is glued to nq or câu; each
     with its spellings, the word as typed first, then (telex) the Vietnamese its keys type */
  function expand(typed, prefix, telex) {
    var glued = GLUED.exec(typed), parts = glued ? [glued[1], glued[2]] : [typed]
    return parts.map(function (word, index) {
      var forms = [form(word)], keys = telex && decode(word)
      if (keys) {
        var vietnamese = (keys.toneless + TONE_MARKS[keys.tone]).normalize("NFC")
        if (fold(vietnamese) !== forms[0].folded) forms.push(form(vietnamese))
      }
      var last = index === parts.length - 1
      return { word: word, typed: typed, folded: forms[0].folded, forms: forms,
               prefix: prefix && last && Array.from(forms[0].folded).length >= 3 }
    })
  }

  /* The query's terms. A last word still being typed (no space after it) also matches longer words
     it begins; telex: read words typed with the input method off as Vietnamese too */
  function terms(query, telex) {
    var text = query.normalize("NFC").toLowerCase()
    var found = words(text), typing = !/[\s"]$/.test(text), seen = {}, out = []
    found.forEach(function (item, index) {
      expand(item.word, typing && index === found.length - 1, telex).forEach(function (term) {
        var key = term.forms[0].key + (term.prefix ? "*" : "")
        if (seen[key]) return
        seen[key] = true
        out.push(term)
      })
    })
    return out
  }

  /* Does a word of a page match one of the terms (any spelling, prefix for a word being typed)? */
  function matcher(list) {
    var forms = []
    list.forEach(function (t) { t.forms.forEach(function (f) { forms.push([f.folded, t.prefix]) }) })
    return function (word) {
      var folded = fold(word)
      return forms.some(function (f) { return folded === f[0] || (f[1] && folded.indexOf(f[0]) === 0) })
    }
  }

  /* The text, HTML-escaped, with every matching word in <mark> */
  function mark(text, matches) {
    var out = "", last = 0
    words(text).forEach(function (item) {
      if (!matches(item.word)) return
      out += escape(text.slice(last, item.start)) + "<mark>" + escape(item.word) + "</mark>"
      last = item.end
    })
    return out + escape(text.slice(last))
  }

  scope.HoidapText = { fold: fold, toneKey: toneKey, words: words, escape: escape, decode: decode,
                       expand: expand, terms: terms, matcher: matcher, mark: mark }
})(self)
