/* Reading without a network: registers the service worker (sw.js), offers a newer build once it is
   ready (the page keeps its own build until the reader accepts), and on the home page loads
   offline-download.js once the worker is ready. Signals on <html>: data-hd-worker="ready" (the
   worker controls the page), data-hd-update="waiting" (update offered), data-hd-worker="none" (a
   preview: no worker).

   In a preview (make serve: the script has data-preview) no worker is registered, and one left on this
   address by an earlier visit is removed: it would answer from pages of another build, and its requests
   would take the browser's few connections to the preview server from live reload. */
(function () {
  "use strict"
  var script = document.currentScript
  var root = new URL(script.dataset.root || "./", location.href)
  var reader = window.HoidapReader || { texts: {}, toast: function () {}, format: function (t) { return t } }
  var texts = reader.texts
  var html = document.documentElement
  var panel = document.querySelector(".hd-offline")
  var preview = "preview" in script.dataset
  if (preview || !navigator.serviceWorker || !window.caches || location.protocol === "file:") {
    if (panel) {
      panel.querySelector(".hd-offline__status").textContent = preview ? texts.offline_preview : texts.offline_unsupported
      panel.querySelector(".hd-offline__action").hidden = true
    }
    if (preview) withoutWorker()
    return
  }

  function withoutWorker() {
    var left = navigator.serviceWorker ? navigator.serviceWorker.getRegistrations() : Promise.resolve([])
    left.then(function (registrations) {
      return Promise.all(registrations.map(function (registration) { return registration.unregister() }))
    }).catch(function () {}).then(function () { html.dataset.hdWorker = "none" })
  }

  var hadController = !!navigator.serviceWorker.controller
  var registration = null, accepted = false
  var controlled = new Promise(function (resolve) {
    if (hadController) navigator.serviceWorker.ready.then(function () { resolve() })
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (accepted) { location.reload(); return }
      if (!hadController) {          /* first visit: keep the page being read, as the worker now can */
        hadController = true
        fetch(location.href.split("#")[0]).catch(function () {}).then(function () { resolve() })
        return
      }
      offer()                        /* another tab took the new build */
    })
  })
  controlled.then(function () { html.dataset.hdWorker = "ready" })

  /* After the page has loaded and gone quiet: reading comes first, the worker's download after. */
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).then(watch, function () {})
  }
  function whenIdle() {
    if (window.requestIdleCallback) requestIdleCallback(register, { timeout: 3000 })
    else setTimeout(register, 200)
  }
  if (document.readyState === "complete") whenIdle()
  else window.addEventListener("load", whenIdle)

  function watch(found) {
    registration = found
    if (found.waiting && navigator.serviceWorker.controller) offer()
    found.addEventListener("updatefound", function () {
      var installing = found.installing
      if (!installing) return
      installing.addEventListener("statechange", function () {
        if (installing.state === "installed" && navigator.serviceWorker.controller) offer()
      })
    })
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") found.update().catch(function () {})
    })
  }

  function offer() {
    html.dataset.hdUpdate = "waiting"
    var again = document.createElement("button")
    again.type = "button"
    again.className = "hd-button"
    again.textContent = texts.reload
    again.addEventListener("click", accept)
    reader.toast(texts.updated_site + " ", again)
  }

  function accept() {
    var waiting = registration && registration.waiting
    if (!waiting) { location.reload(); return }
    accepted = true
    waiting.postMessage({ type: "hoidap-update" })   /* then controllerchange reloads */
  }

  window.HoidapOffline = {
    root: root,
    update: function () { return registration ? registration.update() : Promise.resolve() }
  }
  if (panel) controlled.then(function () {
    var script = document.createElement("script")
    script.src = panel.dataset.script
    document.head.appendChild(script)
  })
})()
