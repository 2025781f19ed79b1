/* Material's search results, finished by our worker's word (search/worker.js):
   - the count says what was found ("12 câu hỏi, 1 tài liệu"), all of it, not the results shown;
   - "Xem thêm" shows the next results under those shown, and moves the focus to the first of them;
   - a result's first line (its booklet) opens the question, as the question's line does.
   The worker speaks over a channel named by the index's digest (in the worker's address). */
(function () {
  "use strict"
  var config = document.getElementById("__config")
  var result = document.querySelector("[data-md-component=search-result]")
  var input = document.querySelector("[data-md-component=search-query]")
  if (!config || !result || !input || typeof BroadcastChannel !== "function") return
  var settings = JSON.parse(config.textContent)
  var worker = new URL(settings.search, location.href)
  var digest = (new URLSearchParams(worker.hash.slice(1)).get("v") || "").replace(/[^0-9a-f]/g, "")
  var base = new URL(settings.base.replace(/\/?$/, "/"), location.href)
  var meta = result.querySelector(".md-search-result__meta")
  var list = result.querySelector(".md-search-result__list")
  if (!digest || !meta || !list) return
  var channel = new BroadcastChannel("hoidap-search:" + digest)
  var now = null                              /* the worker's word on the results shown */
  var asked = ""                              /* the "Xem thêm" request awaiting its answer */
  var more = document.createElement("button")
  more.type = "button"
  more.className = "hd-search-more"
  more.hidden = true
  result.after(more)                          /* outside Material's result element, which it reads by position */

  function current(query) { return query === input.value && query.trim() !== "" }

  function show() {
    if (!now || !current(now.query)) {     /* another query is being typed: its answer comes next */
      if (now && meta.textContent === now.label) meta.textContent = ""
      more.hidden = true
      return
    }
    if (meta.textContent !== now.label) meta.textContent = now.label
    more.hidden = !now.more
    more.textContent = now.more
    more.disabled = asked !== ""
  }

  /* The booklet's line of a result opens the question, as the question's line does */
  function aim(item) {
    var links = item.querySelectorAll("a.md-search-result__link")
    if (links.length > 1 && links[0].hash === "") links[0].href = links[links.length - 1].href
  }

  /* A result group as Material draws it (its bundle's renderSearchResultItem): the page's line (h1),
     then the question (h2 and its text) */
  function item(group) {
    var li = document.createElement("li")
    li.className = "md-search-result__item"
    group.forEach(function (doc, index) {
      var link = document.createElement("a"), article = document.createElement("article")
      link.href = new URL(doc.location, base).href
      link.className = "md-search-result__link"
      link.tabIndex = -1
      article.className = "md-search-result__article md-typeset"
      article.dataset.mdScore = doc.score.toFixed(2)
      if (index === 0) {
        var icon = document.createElement("div")
        icon.className = "md-search-result__icon md-icon"
        article.appendChild(icon)
      }
      var heading = document.createElement(index === 0 ? "h1" : "h2")
      heading.innerHTML = doc.title           /* escaped and marked by the worker, as Material takes it */
      article.appendChild(heading)
      if (index > 0 && doc.text) article.insertAdjacentHTML("beforeend", doc.text)
      link.appendChild(article)
      li.appendChild(link)
    })
    aim(li)
    return li
  }

  channel.addEventListener("message", function (event) {
    var message = event.data || {}
    if (message.type === "status" && current(message.query)) {
      now = message
      asked = ""
      show()
    } else if (message.type === "page" && message.nonce === asked) {
      asked = ""
      if (!current(message.query) || !now || now.query !== message.query) return show()
      var first = null
      message.items.forEach(function (group) {
        var li = item(group)
        list.appendChild(li)
        first = first || li.querySelector("a")
      })
      if (message.label) now = message
      show()
      if (first) first.focus()
    }
  })

  more.addEventListener("click", function () {
    if (!now || asked) return
    asked = Math.random().toString(36).slice(2)
    channel.postMessage({ type: "more", query: now.query, from: now.shown, nonce: asked })
    show()
  })

  /* Material rewrites the count and the list for every answer: put ours back */
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) { if (node.nodeType === 1 && node.matches("li")) aim(node) })
    })
    show()
  }).observe(list, { childList: true })
  new MutationObserver(show).observe(meta, { childList: true, characterData: true, subtree: true })
  input.addEventListener("input", show)
})()
