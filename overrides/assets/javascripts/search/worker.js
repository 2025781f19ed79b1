/* Search worker speaking Material for MkDocs' worker protocol (SETUP, READY, QUERY, RESULT).
   Nothing is downloaded until the first query; then only the index shards holding the query's
   words, and the records of the results shown. Index format: scripts/hoidap/search_index.py
   (files named by the index's digest v, so never another build's; text.js by its digest t). */
"use strict"
var PARAMS = new URL(self.location.href).searchParams
function digest(name) { return (PARAMS.get(name) || "").replace(/[^0-9a-f]/g, "") }
importScripts("text." + digest("t") + ".js")

var T = self.HoidapText
var SHARDS = Number(PARAMS.get("s")) || 1
var INDEX = "." + digest("v") + ".json"
var ROOT = new URL("../../../search/" + (PARAMS.get("l") || "vi") + "/", self.location.href)
var DOCS_PER_CHUNK = Number(PARAMS.get("c")) || 8
var KEY_LETTERS = 3, RESULTS = 10, PAUSE = 60   /* ms without a newer key before fetching */
var FIELD_WEIGHT = [3, 1, 0.6]               /* title (the question), text (the answer), context */
var PREFIX_WEIGHT = 0.7
var PAIR_WEIGHT = [0, 1, 0.5, 1, 0.25, 1, 0.5, 1]   /* by where the pair is: title 1, text 0.5, context 0.25 */
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
var files = new Map(), latest = 0

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

/* How well a spelling found in a record fits the query word: exact (any tone placement) is best;
   a spelling with more marks than typed (typed without diacritics) next; another spelling last */
function spelling(term, form, sameWord) {
  if (!term.marked) return sameWord && form !== term.key ? 0.9 : 1
  if (!sameWord) return startsLike(form, term.key) ? 1 : 0.6
  if (form === term.key) return 1
  return covers(form, term.key) ? 0.8 : 0.5
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

function score(terms, shards) {
  var count = shards.values().next().value.n, hits = new Map()
  terms.forEach(function (term, index) {
    var words = shards.get(wordShard(term.folded)).w, candidates = []
    if (words[term.folded]) candidates.push([term.folded, 1])
    if (term.prefix)
      for (var word in words)
        if (word !== term.folded && word.indexOf(term.folded) === 0) candidates.push([word, PREFIX_WEIGHT])
    candidates.forEach(function (candidate) {
      var forms = words[candidate[0]][0], postings = words[candidate[0]][1]
      var idf = Math.log(1 + count / (postings.length / 3))
      var fits = forms.map(function (form) { return spelling(term, form, candidate[1] === 1) })
      for (var k = 0, doc = 0; k < postings.length; k += 3) {
        doc += postings[k]
        var counts = postings[k + 1], mask = postings[k + 2], fit = 0
        for (var bit = 0; bit < fits.length; bit++) if (mask & (1 << bit)) fit = Math.max(fit, fits[bit])
        var inTitle = counts >> 8, inText = (counts >> 4) & 15, inContext = counts & 15
        var field = inTitle ? FIELD_WEIGHT[0] : inText ? FIELD_WEIGHT[1] : FIELD_WEIGHT[2]
        var often = 1 + 0.1 * (Math.min(inTitle + inText + inContext, 5) - 1)
        var value = candidate[1] * fit * field * often * idf
        var hit = hits.get(doc)
        if (!hit) hits.set(doc, hit = { words: new Float64Array(terms.length), exact: 0, pairs: 0 })
        if (value > hit.words[index]) {
          hit.words[index] = value
          if (fit === 1 && candidate[1] === 1 && term.marked) hit.exact |= 1 << index
        }
      }
    })
  })
  return hits
}

function pairs(terms) {
  var out = []
  for (var i = 0; i + 1 < terms.length; i++) out.push(terms[i].folded + " " + terms[i + 1].folded)
  return out
}

/* The word pairs of the query (for phrase ranking), and those of its quoted phrases (required) */
function phrasesOf(terms, query) {
  var quoted = (query.match(/"[^"]+"/g) || []).map(function (q) { return pairs(T.terms(q + " ")) })
  return { ranked: pairs(terms), required: [].concat.apply([], quoted) }
}

function rank(phrases, shards, hits) {
  var booklets = shards.values().next().value.b
  var found = new Map()
  phrases.ranked.concat(phrases.required).forEach(function (pair) {
    if (found.has(pair)) return
    var postings = shards.get(pairShard(pair)).p[pair] || [], docs = new Map()
    for (var k = 0, doc = 0; k < postings.length; k += 2) docs.set(doc += postings[k], postings[k + 1])
    found.set(pair, docs)
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
    var phrase = 0
    phrases.ranked.forEach(function (pair) { phrase += PAIR_WEIGHT[found.get(pair).get(doc)] || 0 })
    var kind = doc < booklets ? 50 : 0
    ranked.push({ doc: doc, hit: hit, score: covered * 1e6 + phrase * 1e4 + exact * 1e2 + kind + Math.min(sum, 49) })
  })
  ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc })
  return ranked.slice(0, RESULTS)
}

function snippet(text, matches) {
  var list = T.words(text), first = list.findIndex(function (w) { return matches(w.word) })
  if (first < 0) return T.escape(text.length > 200 ? text.slice(0, 200) + "…" : text)
  var start = first > 8 ? list[first - 8].start : 0
  var end = Math.min(text.length, start + 220)
  while (end < text.length && /\S/.test(text[end])) end++
  return (start > 0 ? "…" : "") + T.mark(text.slice(start, end), matches) + (end < text.length ? "…" : "")
}

function withHighlight(location, terms) {
  var words = terms.map(function (t) { return t.word + (t.prefix ? "*" : "") }).join(" ")
  var hash = location.indexOf("#"), path = hash < 0 ? location : location.slice(0, hash)
  return path + "?h=" + encodeURIComponent(words) + (hash < 0 ? "" : location.slice(hash))
}

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

function search(query) {
  var terms = T.terms(query)
  if (!terms.length) return Promise.resolve([])
  var phrases = phrasesOf(terms, query)
  var needed = new Set(terms.map(function (t) { return wordShard(t.folded) }))
  phrases.ranked.concat(phrases.required).forEach(function (pair) { needed.add(pairShard(pair)) })
  var ids = Array.from(needed)
  return Promise.all(ids.map(function (n) { return load("s" + n) })).then(function (loaded) {
    var shards = new Map(ids.map(function (n, i) { return [n, loaded[i]] }))
    var ranked = rank(phrases, shards, score(terms, shards))
    var wanted = Array.from(new Set(ranked.map(function (r) { return Math.floor(r.doc / DOCS_PER_CHUNK) })))
    return Promise.all(wanted.map(function (n) { return load("d" + n) })).then(function (docs) {
      return present(terms, ranked, new Map(wanted.map(function (n, i) { return [n, docs[i]] })))
    })
  })
}

/* A query whose index files could not be fetched: no network (and not read before), or a newer
   build published since the page opened: say so */
function unavailable(error) {
  var english = PARAMS.get("l") === "en", gone = error && error.gone
  return [[{ location: "", score: 0, terms: {},
             title: gone ? (english ? "The booklets were just updated" : "Tài liệu vừa được cập nhật")
               : english ? "Search needs the network for these words" : "Cần có mạng để tìm những từ này",
             text: gone ? (english ? "Reload the page to search the new version." : "Tải lại trang để tìm trong bản mới.")
               : english ? "Words searched on an earlier visit can be found offline."
                 : "Những từ đã tìm khi có mạng vẫn tìm được lúc không có mạng." }]]
}

self.addEventListener("message", function (event) {
  var message = event.data
  if (message.type === SETUP) {
    self.postMessage({ type: READY })
  } else if (message.type === QUERY) {
    var id = ++latest
    setTimeout(function () {                  /* typing fast: only the last query fetches */
      if (id !== latest) return
      search(message.data).catch(unavailable).then(function (items) {
        if (id === latest) self.postMessage({ type: RESULT, data: { items: items } })
      })
    }, PAUSE)
  }
})
