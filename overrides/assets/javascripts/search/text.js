/* Vietnamese text for search, shared by the search worker and the page: the same folding and
   tone handling as hoidap.vntext in Python, which builds the index. */
(function (scope) {
  "use strict"
  var WORD = /(?:[\p{L}\p{N}]|[\u0300-\u036f\u1780-\u17ff])+/gu
  var MARKS = /[\u0300-\u036f]/g
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

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

  /* The query's words: typed as they are, folded, with their tone key. A last word still being
     typed (no space after it) also matches longer words it begins. */
  function terms(query) {
    var text = query.normalize("NFC").toLowerCase()
    var found = words(text), typing = !/[\s"]$/.test(text), seen = {}, out = []
    found.forEach(function (item, index) {
      var folded = fold(item.word)
      var prefix = typing && index === found.length - 1 && Array.from(folded).length >= 3
      var key = toneKey(item.word) + (prefix ? "*" : "")
      if (seen[key]) return
      seen[key] = true
      out.push({ word: item.word, folded: folded, key: toneKey(item.word), marked: folded !== item.word,
                 prefix: prefix })
    })
    return out
  }

  /* Does a word of a page match one of the query's terms (folded, prefix for a word being typed)? */
  function matcher(list) {
    return function (word) {
      var folded = fold(word)
      return list.some(function (t) {
        return folded === t.folded || (t.prefix && folded.indexOf(t.folded) === 0)
      })
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

  scope.HoidapText = { fold: fold, toneKey: toneKey, words: words, escape: escape, terms: terms,
                       matcher: matcher, mark: mark }
})(self)
