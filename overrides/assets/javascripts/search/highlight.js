/* On the page a search result opened (?h=words#cau-N): mark the searched words in that question,
   then drop ?h= from the address so a shared link stays clean. An address someone mangled
   (?h=%E0%A4, #%E0%A4%A) marks nothing and never stops the page's other scripts. */
(function () {
  "use strict"
  var url = new URL(location.href), query = url.searchParams.get("h")
  if (!query) return
  url.searchParams.delete("h")
  history.replaceState(history.state, "", url.href)
  var helper = document.createElement("script")
  helper.src = new URL(document.currentScript.dataset.text, location.href).href   /* text.<digest>.js */
  helper.onload = function () { highlight(self.HoidapText, query) }
  document.head.appendChild(helper)

  /* The words as the worker read them: nq57 as nq and 57, Telex and VNI as Vietnamese (not in English) */
  function highlight(T, query) {
    var telex = !/^en\b/.test(document.documentElement.lang), terms = []
    query.normalize("NFC").toLowerCase().split(/\s+/).forEach(function (word) {
      var typed = word.replace(/\*$/, "")
      if (T.fold(typed)) terms = terms.concat(T.expand(typed, typed !== word, telex))
    })
    var matches = T.matcher(terms)
    region().forEach(function (element) { markIn(element, T, matches) })
  }

  /* The target question (its heading and what follows, up to the next heading of its rank),
     or the whole article */
  function region() {
    var target = location.hash && document.getElementById(decoded(location.hash.slice(1)))
    var rank = target && /^H([1-6])$/.exec(target.tagName)
    if (!rank) return Array.prototype.slice.call(document.querySelectorAll("article.md-content__inner"))
    var out = [target]
    for (var el = target.nextElementSibling; el; el = el.nextElementSibling) {
      var level = /^H([1-6])$/.exec(el.tagName)
      if (level && level[1] <= rank[1]) break
      out.push(el)
    }
    return out
  }

  function decoded(text) {
    try { return decodeURIComponent(text) } catch (error) { return text }
  }

  function markIn(root, T, matches) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), nodes = []
    while (walker.nextNode())
      if (!walker.currentNode.parentElement.closest("script, style, mark, .headerlink, .hd-label")) nodes.push(walker.currentNode)
    nodes.forEach(function (node) {
      var marked = T.mark(node.data, matches)
      if (marked.indexOf("<mark>") < 0) return
      var holder = document.createElement("template")
      holder.innerHTML = marked
      node.replaceWith(holder.content)
    })
  }
})()
