/* The home page's "Tải để đọc khi không có mạng": the size first, then every page and file of this
   language (search index included) into the cache of the build this page runs, with a progress bar.
   Loaded by offline.js once the service worker controls the page. */
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
  var lang = html.lang || "vi"
  var state = null
  action.disabled = true

  function size(bytes) {
    var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })
    return bytes >= 1e6 ? number.format(bytes / 1e6) + " MB" : number.format(Math.max(1, Math.round(bytes / 1e3))) + " KB"
  }
  function isPage(entry) { return entry.u === "" || /\/$/.test(entry.u) }

  /* The controlling worker's cache (its build's), as the worker names it */
  function ownCache() {
    return new Promise(function (resolve, reject) {
      var channel = new MessageChannel()
      channel.port1.onmessage = function (event) { resolve(event.data.cache) }
      navigator.serviceWorker.controller.postMessage({ type: "hoidap-cache" }, [channel.port2])
      setTimeout(reject, 5000)
    })
  }

  /* What this language still lacks in that cache, from that build's own list */
  function survey() {
    return ownCache().then(function (name) { return caches.open(name) }).then(function (cache) {
      return cache.match(new URL(panel.dataset.list, location.href)).then(function (hit) {
        if (!hit) throw new Error("not ready")
        return hit.json()
      }).then(function (list) {
        var mine = list.files.filter(function (entry) { return entry.l === "" || entry.l === lang })
        return Promise.all(mine.map(function (entry) {
          return cache.match(new URL(entry.u, root)).then(function (hit) { return hit ? null : entry })
        })).then(function (missing) {
          missing = missing.filter(Boolean)
          return { cache: cache, missing: missing, pages: mine.filter(isPage).length }
        })
      })
    })
  }

  function show() {
    return survey().then(function (found) {
      state = found
      var bytes = found.missing.reduce(function (sum, entry) { return sum + entry.s }, 0)
      if (!found.missing.length) {
        status.textContent = texts.offline_done
        action.hidden = true
      } else {
        status.textContent = format(texts.offline_size, { pages: found.pages, size: size(bytes) })
        action.hidden = false
        action.disabled = false
      }
    })
  }

  /* Through the worker, which keeps a file only if its bytes are its build's */
  function download() {
    var todo = state.missing.slice(), total = todo.length, done = 0, failed = false
    action.disabled = true
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
  show().catch(function () { status.textContent = texts.offline_failed })
})()
