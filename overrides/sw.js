/* Service worker: every page, asset and search file of this site, once fetched, stays readable
   offline. Files with ?v= (fingerprinted by the build) are served from the cache first; everything
   else from the network first, falling back to the cache when there is no network. */
"use strict"
var CACHE = "hoidap-v1"

self.addEventListener("install", function () { self.skipWaiting() })
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()) })

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url)
  if (request.method !== "GET" || url.origin !== self.location.origin) return
  event.respondWith(url.searchParams.has("v") ? cacheFirst(request, url) : networkFirst(request))
})

function cacheFirst(request, url) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          cache.keys().then(function (keys) {     /* drop this file's copies from older builds */
            keys.forEach(function (key) {
              var old = new URL(key.url)
              if (old.pathname === url.pathname && old.search !== url.search) cache.delete(key)
            })
          })
          cache.put(request, response.clone())
        }
        return response
      })
    })
  })
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone()
      caches.open(CACHE).then(function (cache) { cache.put(request, copy) })
    }
    return response
  }).catch(function () {
    return caches.match(request).then(function (hit) {
      return hit || caches.match(request, { ignoreSearch: true }).then(function (page) {
        return page || Promise.reject(new Error("offline"))
      })
    })
  })
}
