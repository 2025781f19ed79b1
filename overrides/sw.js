/* Service worker: pages and files a reader opened (or downloaded with "Tải để đọc khi không có
   mạng") stay readable without a network.

   One cache per build. The build stamps its version below and lists every file it wrote in
   offline.json (address, hash, compressed size). A new build's worker fills its own cache before it
   takes over: files the reader had whose hash did not change are copied from the old cache, the
   others are fetched. If anything fails (no network), the install fails and the old build stays
   whole. Only files of this build go into this build's cache, so old and new never mix. */
"use strict"
var VERSION = "__HOIDAP_VERSION__"
var CACHE = "hoidap-" + VERSION
var ROOT = new URL("./", self.location.href)
var LIST = "offline.json"
var PARALLEL = 4
var SMALL_INDEX = 400000    /* a search index this small (compressed bytes) is kept from the first visit */
var list = null                                   /* this build's offline.json: address -> entry */

self.addEventListener("install", function (event) {
  event.waitUntil(install().then(function () { return self.skipWaiting() }, function (error) {
    return caches.delete(CACHE).then(function () { throw error })   /* the old build stays, whole */
  }))
})

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("hoidap-") === 0 && name !== CACHE
    }).map(function (name) { return caches.delete(name) }))
  }).then(function () { return self.clients.claim() }))
})

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url)
  if (request.method !== "GET" || url.origin !== ROOT.origin || url.pathname.indexOf(ROOT.pathname) !== 0) return
  if (url.pathname === ROOT.pathname + "sw.js") return
  if (url.pathname === ROOT.pathname + LIST) {         /* fresh when online; this build's copy offline */
    event.respondWith(fetch(request).catch(function () {
      return caches.open(CACHE).then(function (cache) { return cache.match(LIST) })
        .then(function (hit) { return hit || Promise.reject(new Error("offline")) })
    }))
    return
  }
  event.respondWith(files().then(function (known) {
    var address = addressOf(url), entry = known[address]
    if (request.mode === "navigate" || (entry && /(^|\/)$|\.html$/.test(entry.u)))
      return networkFirst(request, address, known)
    if (entry) return cacheFirst(request, address)
    return fetch(request)
  }))
})

/* The address of a URL relative to the site's root, as offline.json writes it (?h= dropped). */
function addressOf(url) {
  var params = new URLSearchParams(url.search)
  params.delete("h")
  var query = params.toString()
  return decodeURIComponent(url.pathname.slice(ROOT.pathname.length)) + (query ? "?" + query : "")
}

function files() {
  if (list) return Promise.resolve(list)
  return caches.open(CACHE).then(function (cache) { return cache.match(LIST) }).then(function (hit) {
    return hit ? hit.json() : fetch(new URL(LIST, ROOT), { cache: "no-store" }).then(function (r) { return r.json() })
  }).then(function (data) {
    list = index(data)
    return list
  }).catch(function () { return {} })
}

function index(data) {
  var out = {}
  if (!data || data.version !== VERSION) throw new Error("offline.json is not from this build")
  data.files.forEach(function (entry) { out[entry.u] = entry })
  return out
}

function networkFirst(request, address, known) {
  return fetch(request).then(function (response) {
    if (response.ok && known[address]) keepPage(address, response.clone())
    return response
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(address ? new URL(address, ROOT) : ROOT) })
      .then(function (hit) { return hit || notSaved() })
  })
}

/* A page goes into this build's cache only if it is this build's page (it names this version). It keeps
   the server's headers (Content-Security-Policy…), so a page read offline is as protected as online. */
function keepPage(address, response) {
  var headers = new Headers(response.headers)
  headers.delete("Content-Encoding")
  headers.delete("Content-Length")
  if (!headers.has("Content-Type")) headers.set("Content-Type", "text/html; charset=utf-8")
  return response.text().then(function (html) {
    if (html.indexOf("v=" + VERSION) < 0) return
    return caches.open(CACHE).then(function (cache) {
      return cache.put(new URL(address, ROOT), new Response(html, { headers: headers }))
    })
  })
}

function cacheFirst(request, address) {
  var key = new URL(address, ROOT)
  return caches.open(CACHE).then(function (cache) {
    return cache.match(key).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) cache.put(key, response.clone())
        return response
      })
    })
  })
}

function notSaved() {
  var html = '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<title>Chưa tải trang này</title><body style="font:1.2rem/1.6 sans-serif;margin:2rem">' +
    "<h1>Trang này chưa được tải về máy</h1><p>Không có mạng, và trang này chưa được lưu để đọc khi không có mạng.</p>" +
    '<p><a href="' + ROOT.href + '">Về trang chủ</a></p>' +
    '<p lang="en">This page has not been saved for offline reading. <a href="' + ROOT.href + 'en/">Home</a></p></body></html>'
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } })
}

/* Fill this build's cache: the home page, the site's scripts and styles (search worker included),
   the search index when it is small, and everything the reader already had. */
function install() {
  return fetch(new URL(LIST, ROOT), { cache: "no-store" }).then(function (r) { return r.json() }).then(function (data) {
    list = index(data)
    return caches.keys().then(function (names) {
      var olds = names.filter(function (name) { return name.indexOf("hoidap-") === 0 && name !== CACHE })
      return Promise.all(olds.map(oldFiles)).then(function (had) {
        var wanted = {}, oldByHash = {}
        had.forEach(function (old) {
          old.forEach(function (item) { wanted[item.path] = true; if (item.hash) oldByHash[item.hash] = item })
        })
        var search = Object.keys(list).filter(function (address) { return /^search\//.test(address) })
        var small = search.reduce(function (sum, address) { return sum + list[address].s }, 0) <= SMALL_INDEX
        var addresses = Object.keys(list).filter(function (address) {
          return address === "" || /^assets\//.test(address) || (small && /^search\//.test(address)) ||
            wanted[address.split("?")[0]]
        })
        return caches.open(CACHE).then(function (cache) {
          return pool(addresses, function (address) {
            var old = oldByHash[list[address].h]
            var copy = old ? caches.match(old.request, { cacheName: old.cache }) : Promise.resolve(null)
            return copy.then(function (response) {
              if (response) return cache.put(new URL(address, ROOT), response)
              return fetch(new URL(address, ROOT), { cache: "reload" }).then(function (response) {
                if (!response.ok) throw new Error(address + ": " + response.status)
                return cache.put(new URL(address, ROOT), response)
              })
            })
          }).then(function () {
            return cache.put(LIST, new Response(JSON.stringify(data), { headers: { "Content-Type": "application/json" } }))
          })
        })
      })
    })
  })
}

/* What an older build's cache holds: each file's path (without ?v=) and, if listed, its hash. */
function oldFiles(name) {
  return caches.open(name).then(function (cache) {
    return cache.match(LIST).then(function (hit) { return hit ? hit.json() : { files: [] } }).then(function (data) {
      var hashes = {}
      ;(data.files || []).forEach(function (entry) { hashes[entry.u] = entry.h })
      return cache.keys().then(function (requests) {
        return requests.filter(function (request) { return new URL(request.url).pathname !== ROOT.pathname + LIST })
          .map(function (request) {
            var address = addressOf(new URL(request.url))
            return { path: address.split("?")[0], hash: hashes[address], request: request, cache: name }
          })
      })
    })
  }).catch(function () { return [] })
}

function pool(items, work) {
  var next = 0
  function worker() {
    if (next >= items.length) return Promise.resolve()
    var item = items[next++]
    return work(item).then(worker)
  }
  var workers = []
  for (var i = 0; i < Math.min(PARALLEL, items.length); i++) workers.push(worker())
  return Promise.all(workers)
}
