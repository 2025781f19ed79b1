/* Keep what the reader has opened readable without a network (see sw.js at the site's root). */
(function () {
  "use strict"
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return
  var root = new URL(document.currentScript.dataset.root || ".", location.href)
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function () {})
})()
