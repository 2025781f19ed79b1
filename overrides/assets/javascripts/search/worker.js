/* Search worker speaking Material for MkDocs' worker protocol (SETUP, READY, QUERY, RESULT).
   Nothing is downloaded until the first query; then only the index shards holding the query's
   words, and the records of the results shown. Index format: scripts/hoidap/search_index.py
   (files named by the index's digest v, so never another build's; text.js by its digest t).

   The settings come in the address's fragment (worker.<digest>.js#l=vi&s=2&…), which is never sent:
   every language's pages load the one file, fetched once and kept once by the service worker.

   Results come a page at a time: Material shows the first; the page's results.js asks for the next
   ("Xem thêm") and shows the count of questions over a channel named by the index's digest. */
"use strict"
var PARAMS = new URLSearchParams(self.location.hash.slice(1))
function digest(name) { return (PARAMS.get(name) || "").replace(/[^0-9a-f]/g, "") }
var T = null                                 /* text.js, loaded with the first query, not with the page */
var LANG = PARAMS.get("l") || "vi"
var ENGLISH = LANG === "en"
var SHARDS = Number(PARAMS.get("s")) || 1
var INDEX = "." + digest("v") + ".json"
var ROOT = new URL("../../../search/" + LANG + "/", self.location.href)
var DOCS_PER_CHUNK = Number(PARAMS.get("c")) || 8
var KEY_LETTERS = 3, PAGE = 10, PAUSE = 60   /* ms without a newer key before fetching */
var FIELD_WEIGHT = [3, 1, 0.6]               /* title (the question), text (the answer), context */
var PREFIX_WEIGHT = 0.7
var PAIR_WEIGHT = [0, 1, 0.5, 1, 0.25, 1, 0.5, 1]   /* by where the pair is: title 1, text 0.5, context 0.25 */
var LABELS = ["cau", "question"]             /* "câu 3" names question 3 by its label */
var RESOLUTION = [["nq"], ["nghi", "quyet"], ["nghi", "quyet", "so"], ["nq", "so"], ["resolution"],
                  ["resolution", "no"]]      /* words before a resolution's number */
var NAMING = ["nq", "tw", "nghi", "quyet", "so", "resolution", "no"]   /* words of a resolution's name alone */
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
var files = new Map(), latest = 0, answered = null   /* the last query answered and its ranked results */
var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("hoidap-search:" + digest("v")) : null

function fnv1a(text) {
  var bytes = new TextEncoder().encode(text), value = 0x811c9dc5
  for (var i = 0; i < bytes.length; i++)
    value = Math.imul(value ^ bytes[i], 0x01000193) >>> 0
  return value
}
function wordShard(folded) { return fnv1a(Array.from(folded).slice(0, KEY_LETTERS).join("")) % SHARDS }
function pairShard(pair) { return fnv1a(pair) % SHARDS }

function load(name) {
  if (!files.has(name))
    files.set(name, fetch(new URL(name + INDEX, ROOT)).then(function (response) {
      if (!response.ok) throw { gone: response.status === 404 }   /* a newer build replaced this index */
      return response.json()
    }).catch(function (error) { files.delete(name); throw error }))
  return files.get(name)
}

/* How well a spelling found in a record fits a spelling of the query word: exact (any tone
   placement) is best; a spelling with more marks than typed (typed without diacritics) next;
   another spelling last */
function spelling(wanted, form, sameWord) {
  if (!wanted.marked) return sameWord && form !== wanted.key ? 0.9 : 1
  if (!sameWord) return startsLike(form, wanted.key) ? 1 : 0.6
  if (form === wanted.key) return 1
  return covers(form, wanted.key) ? 0.8 : 0.5
}
function marks(key) { return key.replace(/đ/g, "d\u0335").normalize("NFD") }
function covers(form, key) {                  /* every mark typed is in the spelling */
  var a = marks(form), b = marks(key), i = 0
  for (var j = 0; j < a.length && i < b.length; j++) if (a[j] === b[i]) i++
  return i === b.length
}
function startsLike(form, key) {              /* the word being typed, tone aside, begins the spelling */
  var tone = /[\u0300\u0301\u0303\u0309\u0323]+$/
  var typed = (key.match(tone) || [""])[0], written = (form.match(tone) || [""])[0]
  return form.replace(tone, "").indexOf(key.replace(tone, "")) === 0 && (!typed || typed === written)
}

function hitOf(hits, doc, size) {
  var hit = hits.get(doc)
  if (!hit) hits.set(doc, hit = { words: new Float64Array(size), exact: 0, label: false })
  return hit
}

function score(terms, shards) {
  var count = shards.values().next().value.n, hits = new Map()
  terms.forEach(function (term, index) {
    term.forms.forEach(function (wanted) {
      var words = shards.get(wordShard(wanted.folded)).w, candidates = []
      if (words[wanted.folded]) candidates.push([wanted.folded, 1])
      if (term.prefix)
        for (var word in words)
          if (word !== wanted.folded && word.indexOf(wanted.folded) === 0) candidates.push([word, PREFIX_WEIGHT])
      candidates.forEach(function (candidate) {
        var forms = words[candidate[0]][0], postings = words[candidate[0]][1]
        var idf = Math.log(1 + count / (postings.length / 3))
        var fits = forms.map(function (form) { return spelling(wanted, form, candidate[1] === 1) })
        for (var k = 0, doc = 0; k < postings.length; k += 3) {
          doc += postings[k]
          var counts = postings[k + 1], mask = postings[k + 2], fit = 0
          for (var bit = 0; bit < fits.length; bit++) if (mask & (1 << bit)) fit = Math.max(fit, fits[bit])
          var inTitle = counts >> 8, inText = (counts >> 4) & 15, inContext = counts & 15
          var field = inTitle ? FIELD_WEIGHT[0] : inText ? FIELD_WEIGHT[1] : FIELD_WEIGHT[2]
          var often = 1 + 0.1 * (Math.min(inTitle + inText + inContext, 5) - 1)
          var value = candidate[1] * fit * field * often * idf
          var hit = hitOf(hits, doc, terms.length)
          if (value > hit.words[index]) {
            hit.words[index] = value
            if (fit === 1 && candidate[1] === 1 && wanted.marked) hit.exact |= 1 << index
          }
        }
      })
    })
  })
  labelled(terms, shards, hits, count)
  return hits
}

/* "câu 3", "cau 3": the questions labelled 3 hold both words, as if in their title */
function labelled(terms, shards, hits, count) {
  labels(terms).forEach(function (at) {
    var key = terms[at].folded + " " + terms[at + 1].folded
    var postings = (shards.get(pairShard(key)).q || {})[key] || []
    var value = FIELD_WEIGHT[0] * Math.log(1 + count / Math.max(1, postings.length))
    for (var k = 0, doc = 0; k < postings.length; k++) {
      var hit = hitOf(hits, doc += postings[k], terms.length)
      hit.words[at] = Math.max(hit.words[at], value)
      hit.words[at + 1] = Math.max(hit.words[at + 1], value)
      hit.label = true
    }
  })
}

function labels(terms) {
  var out = []
  for (var i = 0; i + 1 < terms.length; i++)
    if (LABELS.indexOf(terms[i].folded) >= 0 && /^\d+$/.test(terms[i + 1].folded)) out.push(i)
  return out
}

/* The resolution numbers the query names: "19" alone, "nq 19", "nq19", "19-NQ/TW", "nghị quyết
   (số) 19", "resolution 19"; only: the query names nothing else (its booklet comes first) */
function resolutions(terms) {
  var folded = terms.map(function (t) { return t.folded }), out = []
  folded.forEach(function (word, i) {
    if (!/^\d+$/.test(word)) return
    var named = folded.length === 1 || folded[i + 1] === "nq" || RESOLUTION.some(function (before) {
      return i >= before.length && before.every(function (w, j) { return folded[i - before.length + j] === w })
    })
    if (named && out.indexOf(word) < 0) out.push(word)
  })
  out.only = out.length > 0 && folded.every(function (w) { return out.indexOf(w) >= 0 || NAMING.indexOf(w) >= 0 })
  return out
}

/* Word pairs of neighbouring terms, in every spelling each term stands for: [[pair, …], …] */
function pairs(terms) {
  var out = []
  for (var i = 0; i + 1 < terms.length; i++) {
    var both = []
    terms[i].forms.forEach(function (a) {
      terms[i + 1].forms.forEach(function (b) { both.push(a.folded + " " + b.folded) })
    })
    out.push(both)
  }
  return out
}

/* The word pairs of the query (for phrase ranking), and those of its quoted phrases (required) */
function phrasesOf(terms, query) {
  var quoted = (query.match(/"[^"]+"/g) || []).map(function (q) {
    return pairs(T.terms(q + " ", !ENGLISH)).map(function (both) { return both[both.length - 1] })
  })
  return { ranked: pairs(terms), required: [].concat.apply([], quoted) }
}

function rank(terms, phrases, shards, hits) {
  var head = shards.values().next().value, booklets = head.b
  var found = new Map()
  var all = [].concat.apply([], phrases.ranked).concat(phrases.required)
  all.forEach(function (pair) {
    if (found.has(pair)) return
    var postings = shards.get(pairShard(pair)).p[pair] || [], docs = new Map()
    for (var k = 0, doc = 0; k < postings.length; k += 2) docs.set(doc += postings[k], postings[k + 1])
    found.set(pair, docs)
  })
  var named = new Set(), numbers = resolutions(terms)
  numbers.forEach(function (number) {
    var postings = (shards.get(wordShard(number)).r || {})[number] || []
    for (var k = 0, doc = 0; k < postings.length; k++) named.add(doc += postings[k])
  })
  var ranked = []
  hits.forEach(function (hit, doc) {
    if (!phrases.required.every(function (pair) { return found.get(pair).has(doc) })) return
    var covered = 0, exact = 0, sum = 0
    hit.words.forEach(function (value, index) {
      if (value > 0) covered++
      if (hit.exact & (1 << index)) exact++
      sum += value
    })
    var phrase = hit.label ? 1 : 0
    phrases.ranked.forEach(function (both) {
      phrase += Math.max.apply(null, both.map(function (pair) { return PAIR_WEIGHT[found.get(pair).get(doc)] || 0 }))
    })
    /* booklets before other pages (the authoring guide), then the resolution named (its booklet
       first when the query only names it), then words */
    var tier = (doc < booklets ? 4 : 0) + (named.has(doc) ? 2 : 0) + (numbers.only && doc < head.t ? 1 : 0)
    ranked.push({ doc: doc, hit: hit, score: tier * 1e9 + Math.min(covered, 99) * 1e6 + Math.min(phrase, 99) * 1e4 +
                  Math.min(exact, 99) * 1e2 + Math.min(sum, 99) })
  })
  ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc })
  return { terms: terms, ranked: ranked, tops: head.t || 0, booklets: booklets }
}

function snippet(text, matches) {
  var list = T.words(text), first = list.findIndex(function (w) { return matches(w.word) })
  if (first < 0) return T.escape(text.length > 200 ? text.slice(0, 200) + "…" : text)
  var start = first > 8 ? list[first - 8].start : 0
  var end = Math.min(text.length, start + 220)
  while (end < text.length && /\S/.test(text[end])) end++
  return (start > 0 ? "…" : "") + T.mark(text.slice(start, end), matches) + (end < text.length ? "…" : "")
}

/* The record's address with ?h= the words typed (highlight.js marks them on the page) */
function withHighlight(location, terms) {
  var typed = []
  terms.forEach(function (t) {
    var word = t.typed + (t.prefix ? "*" : "")
    if (typed.indexOf(word) < 0) typed.push(word)
  })
  var hash = location.indexOf("#"), path = hash < 0 ? location : location.slice(0, hash)
  return path + "?h=" + encodeURIComponent(typed.join(" ")) + (hash < 0 ? "" : location.slice(hash))
}

/* Material's result groups: a question under its booklet (results.js makes the booklet's line open
   the question too), a section under its page, a page alone */
function present(terms, ranked, chunks) {
  return ranked.map(function (item) {
    var record = chunks.get(Math.floor(item.doc / DOCS_PER_CHUNK))[item.doc % DOCS_PER_CHUNK]
    var matches = T.matcher(terms.filter(function (t, i) { return item.hit.words[i] > 0 }))
    var shown = {}
    terms.forEach(function (t, i) { shown[t.word] = item.hit.words[i] > 0 })
    var title = (record[5] ? T.escape(record[5]) + " " : "") + T.mark(record[1], matches)
    var result = { location: withHighlight(record[0], terms), title: title, text: snippet(record[2], matches),
                   score: item.score, terms: shown }
    if (!record[4]) return [result]
    return [{ location: record[4], title: T.escape(record[3]), text: "", score: item.score - 1, terms: {} },
            result]
  })
}

/* The groups of results from..from+PAGE */
function page(found, from) {
  var ranked = found.ranked.slice(from, from + PAGE)
  var wanted = Array.from(new Set(ranked.map(function (r) { return Math.floor(r.doc / DOCS_PER_CHUNK) })))
  return Promise.all(wanted.map(function (n) { return load("d" + n) })).then(function (docs) {
    return present(found.terms, ranked, new Map(wanted.map(function (n, i) { return [n, docs[i]] })))
  })
}

function search(query) {
  if (!/[\p{L}\p{N}]/u.test(query)) return Promise.resolve({ terms: [], ranked: [], tops: 0, booklets: 0 })
  if (!T) {                                   /* the first query: Material sends an empty one on opening */
    importScripts("text." + digest("t") + ".js")
    T = self.HoidapText
  }
  var terms = T.terms(query, !ENGLISH)
  if (!terms.length) return Promise.resolve({ terms: terms, ranked: [], tops: 0, booklets: 0 })
  var phrases = phrasesOf(terms, query)
  var needed = new Set()
  terms.forEach(function (t) { t.forms.forEach(function (f) { needed.add(wordShard(f.folded)) }) })
  ;[].concat.apply([], phrases.ranked).concat(phrases.required).forEach(function (pair) { needed.add(pairShard(pair)) })
  var ids = Array.from(needed)
  return Promise.all(ids.map(function (n) { return load("s" + n) })).then(function (loaded) {
    var shards = new Map(ids.map(function (n, i) { return [n, loaded[i]] }))
    return rank(terms, phrases, shards, score(terms, shards))
  })
}

/* What the results are, in words: "12 câu hỏi, 1 tài liệu" / "12 questions, 1 booklet" */
function counted(found) {
  var questions = 0, booklets = 0
  found.ranked.forEach(function (r) {
    if (r.doc < found.tops) booklets++
    else if (r.doc < found.booklets) questions++
  })
  var others = found.ranked.length - questions - booklets
  if (!found.ranked.length) return ENGLISH ? "No matching questions" : "Không tìm thấy câu hỏi nào"
  var parts = ENGLISH
    ? [[questions, "question", "questions"], [booklets, "booklet", "booklets"],
       [others, questions + booklets ? "other result" : "result", questions + booklets ? "other results" : "results"]]
    : [[questions, "câu hỏi", "câu hỏi"], [booklets, "tài liệu", "tài liệu"],
       [others, questions + booklets ? "mục khác" : "mục", questions + booklets ? "mục khác" : "mục"]]
  return parts.filter(function (p) { return p[0] }).map(function (p) {
    return p[0] + " " + (p[0] === 1 ? p[1] : p[2])
  }).join(", ")
}

/* Where the results stand, for results.js: the count in words, how many are shown, how many more */
function standing(found, query, count) {
  var left = found.ranked.length - count
  return { type: "status", query: query, label: counted(found), shown: count, left: left,
           more: left <= 0 ? "" : ENGLISH ? "Show " + Math.min(left, PAGE) + " more (" + left + " left)"
             : "Xem thêm " + Math.min(left, PAGE) + " kết quả (còn " + left + ")" }
}

/* A query whose index files could not be fetched: no network (and not read before), or a newer
   build published since the page opened: say so */
function unavailable(error) {
  var gone = error && error.gone
  return [[{ location: "", score: 0, terms: {},
             title: gone ? (ENGLISH ? "The booklets were just updated" : "Tài liệu vừa được cập nhật")
               : ENGLISH ? "Search needs the network for these words" : "Cần có mạng để tìm những từ này",
             text: gone ? (ENGLISH ? "Reload the page to search the new version." : "Tải lại trang để tìm trong bản mới.")
               : ENGLISH ? "Words searched on an earlier visit can be found offline."
                 : "Những từ đã tìm khi có mạng vẫn tìm được lúc không có mạng." }]]
}

self.addEventListener("message", function (event) {
  var message = event.data
  if (message.type === SETUP) {
    self.postMessage({ type: READY })
  } else if (message.type === QUERY) {
    var id = ++latest, query = message.data
    setTimeout(function () {                  /* typing fast: only the last query fetches */
      if (id !== latest) return
      Promise.resolve(query).then(search).then(function (found) {
        return page(found, 0).then(function (items) {
          if (id !== latest) return
          answered = { query: query, found: found }
          self.postMessage({ type: RESULT, data: { items: items } })
          if (channel) channel.postMessage(standing(found, query, items.length))
        })
      }).catch(function (error) {
        if (id === latest) self.postMessage({ type: RESULT, data: { items: unavailable(error) } })
      })
    }, PAUSE)
  }
})

/* results.js asks for the next page of the results shown: a worker that answered that query answers
   (another tab's on the same index gives the same page; results.js takes the first reply) */
if (channel) channel.addEventListener("message", function (event) {
  var message = event.data || {}
  if (message.type !== "more" || !answered || answered.query !== message.query) return
  var found = answered.found
  page(found, message.from).then(function (items) {
    var reply = standing(found, message.query, message.from + items.length)
    reply.type = "page"
    reply.nonce = message.nonce
    reply.items = items
    channel.postMessage(reply)
  }, function (error) {
    channel.postMessage({ type: "page", nonce: message.nonce, query: message.query, items: unavailable(error) })
  })
})
