/* Reading without a network: registers the service worker (sw.js at the site's root), tells the
   reader when a newer build took over, and runs the home page's "Tải để đọc khi không có mạng"
   (total size first, then a progress bar). Where service workers are unavailable the site works
   as usual and the home page says why nothing can be downloaded. */
(function () {
  "use strict"
  var PARALLEL = 4
  var root = new URL(document.currentScript.dataset.root || "./", location.href)
  var reader = window.HoidapReader || { texts: {}, toast: function () {}, format: function (t) { return t } }
  var texts = reader.texts, format = reader.format
  var panel = document.querySelector(".hd-offline")

  if (!navigator.serviceWorker || !window.caches || location.protocol === "file:") {
    if (panel) {
      panel.querySelector(".hd-offline__status").textContent = texts.offline_unsupported
      panel.querySelector(".hd-offline__action").hidden = true
    }
    return
  }

  var hadController = !!navigator.serviceWorker.controller
  /* After the page has loaded and gone quiet: reading comes first, the worker's download after. */
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function () {})
  }
  function whenIdle() {
    if (window.requestIdleCallback) requestIdleCallback(register, { timeout: 3000 })
    else setTimeout(register, 200)
  }
  if (document.readyState === "complete") whenIdle()
  else window.addEventListener("load", whenIdle)
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (!hadController) {          /* first visit: keep the page being read, as the worker now can */
      hadController = true
      fetch(location.href.split("#")[0]).catch(function () {})
      return
    }
    var again = document.createElement("button")
    again.type = "button"
    again.className = "hd-button"
    again.textContent = texts.reload
    again.addEventListener("click", function () { location.reload() })
    reader.toast(texts.updated_site + " ", again)
  })
  if (panel) setupDownload(panel)

  function setupDownload(panel) {
    var status = panel.querySelector(".hd-offline__status")
    var bar = panel.querySelector(".hd-offline__bar")
    var action = panel.querySelector(".hd-offline__action")
    var lang = document.documentElement.lang || "vi"
    var state = null
    action.disabled = true

    function size(bytes) {
      var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })
      return bytes >= 1e6 ? number.format(bytes / 1e6) + " MB" : number.format(Math.max(1, Math.round(bytes / 1e3))) + " KB"
    }
    function isPage(entry) { return entry.u === "" || /\/$/.test(entry.u) }

    /* What this language still lacks in this build's cache. */
    function survey() {
      return fetch(panel.dataset.list, { cache: "no-cache" }).then(function (r) { return r.json() }).then(function (list) {
        var name = "hoidap-" + list.version
        return caches.has(name).then(function (ready) {
          if (!ready) throw new Error("the service worker of this build is not ready")
          return caches.open(name)
        }).then(function (cache) {
          var mine = list.files.filter(function (entry) { return entry.l === "" || entry.l === lang })
          return Promise.all(mine.map(function (entry) {
            return cache.match(new URL(entry.u, root)).then(function (hit) { return hit ? null : entry })
          })).then(function (missing) {
            missing = missing.filter(Boolean)
            return { version: list.version, cache: cache, missing: missing, pages: mine.filter(isPage).length }
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
          if (!isPage(entry)) return state.cache.put(url, response)
          return response.text().then(function (html) {
            if (html.indexOf("v=" + state.version) < 0) throw new Error(entry.u + ": newer build")
            return state.cache.put(url, new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } }))
          })
        }).then(function () {
          done += 1
          bar.value = done
          status.textContent = format(texts.offline_progress, { done: done, total: total })
        }, function () { failed = true })
      }
      function worker() {
        var entry = todo.shift()
        return entry && !failed ? one(entry).then(worker) : Promise.resolve()
      }
      var workers = []
      for (var i = 0; i < PARALLEL; i++) workers.push(worker())
      Promise.all(workers).then(function () {
        bar.hidden = true
        if (failed) {
          status.textContent = texts.offline_failed
          action.disabled = false
          return show().catch(function () {}).then(function () { status.textContent = texts.offline_failed })
        }
        return show()
      })
    }

    action.addEventListener("click", function () { if (state) download() })
    navigator.serviceWorker.ready.then(function () {
      return show().catch(function () {
        /* the worker's cache is being filled (first visit): ask again shortly */
        return new Promise(function (resolve) { setTimeout(resolve, 1500) }).then(show)
      })
    }).catch(function () { status.textContent = texts.offline_failed })
  }
})()
