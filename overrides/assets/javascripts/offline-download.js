/* The home page's "Tải để đọc khi không có mạng": the size first, then every page and file of the languages
   the reader ticked (all by default; search indexes included) into the cache of the build this page runs,
   with a progress bar. Loaded by offline.js once the service worker controls the page. */
(function () {
  "use strict"
  var PARALLEL = 4
  var panel = document.querySelector(".hd-offline")
  var offline = window.HoidapOffline
  var reader = window.HoidapReader || { texts: {}, format: function (t) { return t } }
  var texts = reader.texts, format = reader.format
  var html = document.documentElement
  var root = offline.root
  var status = panel.querySelector(".hd-offline__status")
  var bar = panel.querySelector(".hd-offline__bar")
  var action = panel.querySelector(".hd-offline__action")
  var amount = panel.querySelector(".hd-offline__total")
  var toggle = panel.querySelector(".hd-offline__toggle")
  var choices = panel.querySelector(".hd-offline__languages")
  var boxes = Array.prototype.slice.call(panel.querySelectorAll(".hd-offline__languages input"))
  var lang = html.lang || "vi"
  var offered = boxes.length ? boxes.map(function (box) { return box.value }) : [lang]
  var state = null
  action.disabled = true

  function size(bytes) {
    var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })
    return bytes >= 1e6 ? number.format(bytes / 1e6) + " MB" : number.format(Math.max(1, Math.round(bytes / 1e3))) + " KB"
  }
  function bytesOf(entries) { return entries.reduce(function (sum, entry) { return sum + entry.s }, 0) }
  function chosen() {
    return boxes.length ? boxes.filter(function (box) { return box.checked }).map(function (box) { return box.value }) : [lang]
  }
  /* What a download would fetch now: the ticked languages' missing files and the shared ones (nothing when
     the reader unticked every language still missing) */
  function wanted() {
    var languages = chosen()
    if (!languages.length && boxes.some(function (box) { return !box.disabled })) return []
    return state.missing.filter(function (entry) { return entry.l === "" || languages.indexOf(entry.l) >= 0 })
  }

  /* The controlling worker's cache (its build's), as the worker names it */
  function ownCache() {
    return new Promise(function (resolve, reject) {
      var channel = new MessageChannel()
      channel.port1.onmessage = function (event) { resolve(event.data.cache) }
      navigator.serviceWorker.controller.postMessage({ type: "hoidap-cache" }, [channel.port2])
      setTimeout(reject, 5000)
    })
  }

  /* What the offered languages still lack in that cache, from that build's own list ("" is shared) */
  function survey() {
    return ownCache().then(function (name) { return caches.open(name) }).then(function (cache) {
      return cache.match(new URL(panel.dataset.list, location.href)).then(function (hit) {
        if (!hit) throw new Error("not ready")
        return hit.json()
      }).then(function (list) {
        var mine = list.files.filter(function (entry) { return entry.l === "" || offered.indexOf(entry.l) >= 0 })
        return Promise.all(mine.map(function (entry) {
          return cache.match(new URL(entry.u, root)).then(function (hit) { return hit ? null : entry })
        })).then(function (missing) {
          return { cache: cache, missing: missing.filter(Boolean) }
        })
      })
    })
  }

  /* The line as the survey and the ticks leave it: the total to download (or "đã tải xong"), each
     language's size (or "đã tải"), the button */
  function render() {
    var complete = !state.missing.length, todo = wanted()
    boxes.forEach(function (box) {
      var own = state.missing.filter(function (entry) { return entry.l === box.value })
      box.parentNode.querySelector(".hd-offline__size").textContent =
        "(" + (own.length ? format(texts.offline_size, { size: size(bytesOf(own)) }) : texts.offline_language_done) + ")"
      box.disabled = !own.length
      if (!own.length) box.checked = false
    })
    amount.textContent = todo.length ? size(bytesOf(todo)) : ""
    if (toggle) {
      toggle.hidden = complete
      toggle.querySelector(".hd-offline__names").textContent = format(texts.offline_languages, {
        names: boxes.filter(function (box) { return box.checked }).map(function (box) {
          return box.parentNode.querySelector("[lang]").textContent
        }).join(", ")
      })
    }
    if (complete) choices.hidden = true
    action.hidden = complete
    action.disabled = !todo.length
    status.textContent = complete ? texts.offline_done : todo.length ? "" : texts.offline_choose
  }

  function show() {
    return survey().then(function (found) {
      state = found
      render()
    })
  }

  /* Through the worker, which keeps a file only if its bytes are its build's */
  function download() {
    var todo = wanted(), total = todo.length, done = 0, failed = false
    action.disabled = true
    boxes.forEach(function (box) { box.disabled = true })
    bar.hidden = false
    bar.max = total
    bar.value = 0
    status.textContent = format(texts.offline_progress, { done: 0, total: total })
    function one(entry) {
      var url = new URL(entry.u, root)
      return fetch(url, { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error(entry.u + ": " + response.status)
        return state.cache.match(url)
      }).then(function (kept) {
        if (!kept) throw new Error(entry.u)
        done += 1
        bar.value = done
        status.textContent = format(texts.offline_progress, { done: done, total: total })
      }).catch(function () { failed = true })
    }
    function worker() {
      var entry = todo.shift()
      return entry && !failed ? one(entry).then(worker) : Promise.resolve()
    }
    var workers = []
    for (var i = 0; i < PARALLEL; i++) workers.push(worker())
    Promise.all(workers).then(function () {
      bar.hidden = true
      if (!failed) return show()
      offline.update().catch(function () {})   /* a newer build? then it is offered */
      function explain() { status.textContent = html.dataset.hdUpdate ? texts.updated_site : texts.offline_failed }
      explain()
      action.disabled = false
      return show().catch(function () {}).then(explain)
    })
  }

  action.addEventListener("click", function () { if (state) download() })
  boxes.forEach(function (box) { box.addEventListener("change", function () { if (state) render() }) })
  if (toggle) toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true"
    toggle.setAttribute("aria-expanded", String(open))
    choices.hidden = !open
  })
  show().catch(function () { status.textContent = texts.offline_failed })
})()
