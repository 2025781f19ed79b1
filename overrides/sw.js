/* Service worker: pages and files a reader opened (or downloaded with "Tải để đọc khi không có
   mạng") stay readable without a network.

   One cache per build. The build stamps its version below and lists every file it wrote in
   offline.json (address, hash, compressed size). This build's cache only ever holds bytes whose
   hash offline.json gives for that address, so old and new never mix in it.

   A new build's worker fills its own cache before it may take over: files the reader had whose hash
   did not change are copied from the old cache, the others are fetched. If anything fails (no
   network, the server moved on to a newer build meanwhile), the install fails and the old build
   stays whole. Then it waits: an open page keeps the build it opened with, and offline.js offers
   "Tải lại trang"; only when the reader accepts (or every tab of the site is closed) does the new
   build take over. Older caches are kept while more than one tab is open (a tab may still show an
   older build), and removed once at most one is.

   Scripts, stylesheets and search files have content-addressed names (scripts/hoidap/hashed.py):
   the same name is the same bytes in every build, so such a file may come from any build's cache;
   a page of an older build asking the server for a file it no longer has gets a 404, never a newer
   build's file. */
"use strict"
var VERSION = "__HOIDAP_VERSION__"
var ROOT = new URL("./", self.location.href)
var PREFIX = "hoidap:" + ROOT.pathname + ":"     /* two sites on one host keep apart */
var CACHE = PREFIX + VERSION
var LEGACY = /^hoidap-[0-9a-f]+$/               /* caches of workers before content-addressed names */
var LIST = "offline.json"
var NOT_FOUND = "404.html"
var PARALLEL = 4
var SMALL_INDEX = Number("__HOIDAP_SEARCH_BYTES__")   /* a search index this small (compressed bytes) is kept from the first visit */
var HASHED = /\.[0-9a-f]{8,}(?:\.min)?\.(?:js|css|json)$/   /* a content-addressed name */
var list = null                 /* this build's offline.json: address -> entry */
var older = null                /* caches of the builds this one replaced, removed when no tab needs them */

self.addEventListener("install", function (event) {
  event.waitUntil(install().catch(function (error) {
    return caches.delete(CACHE).then(function () { throw error })   /* the old build stays, whole */
  }))
})

self.addEventListener("activate", function (event) {
  event.waitUntil(finished().then(function (names) {
    older = names.filter(function (name) { return name !== CACHE })
    return prune()
  }).then(function () { return self.clients.claim() }))   /* a first visit's page; never a swap: see above */
})

self.addEventListener("message", function (event) {
  var message = event.data || {}
  if (message.type === "hoidap-update") self.skipWaiting()        /* the reader accepted the new build */
  else if (message.type === "hoidap-cache" && event.ports[0]) event.ports[0].postMessage({ cache: CACHE, version: VERSION })
})

self.addEventListener("fetch", function (event) {
  var request = event.request
  if (request.method !== "GET") return
  var url = new URL(request.url)
  if (url.origin !== ROOT.origin || url.pathname.indexOf(ROOT.pathname) !== 0) return
  var path = url.pathname.slice(ROOT.pathname.length)
  /* the worker itself; mkdocs serve; the editor (admin/, when the board enables it: never cached, never offline) */
  if (path === "sw.js" || path.indexOf("livereload/") === 0 || path.indexOf("admin/") === 0) return
  if (path === LIST) {                       /* fresh when online; this build's copy offline */
    event.respondWith(fetch(request).catch(function () {
      return caches.open(CACHE).then(function (cache) { return cache.match(LIST) })
        .then(function (hit) { return hit || Promise.reject(new Error("offline")) })
    }))
    return
  }
  var address = addressOf(url)
  if (address === null) {                    /* not an address any build of ours has (%C0%AF, %E0%A4%A) */
    if (request.mode === "navigate") event.respondWith(notFound())
    return
  }
  if (request.mode === "navigate" && older && older.length) event.waitUntil(prune())
  event.respondWith(files().then(function (known) {
    var entry = known[address]
    if (request.mode === "navigate" || (entry && isPage(entry.u))) return networkFirst(request, address, entry)
    if (entry || HASHED.test(url.pathname)) return cacheFirst(request, address, entry)
    return fetch(request)
  }).catch(function () { return fetch(request) }))    /* never worse than without a worker */
})

/* The address of a URL relative to the site's root, as offline.json writes it (?h= dropped), or
   null when the path is not valid percent-encoded UTF-8. */
function addressOf(url) {
  var path
  try {
    path = decodeURIComponent(url.pathname.slice(ROOT.pathname.length))
  } catch (error) {
    return null
  }
  var params = new URLSearchParams(url.search)
  params.delete("h")
  var query = params.toString()
  return path + (query ? "?" + query : "")
}

function isPage(address) { return address === "" || /(^|\/)$|\.html$/.test(address) }

/* Names of the site's caches: this build's and those of earlier builds (this site's only). */
function ours() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(PREFIX) === 0 || LEGACY.test(name) })
  })
}

/* The site's caches whose build was filled completely (offline.json is stored last): not the cache
   of a newer build still being installed. */
function finished() {
  return ours().then(function (names) {
    return Promise.all(names.map(function (name) {
      return caches.open(name).then(function (cache) { return cache.match(LIST) }).then(function (hit) { return hit ? name : null })
    }))
  }).then(function (names) { return names.filter(Boolean) })
}

/* Remove the caches of the builds this one replaced once at most one tab of the site is open: that
   tab is the one that accepted the update (it reloads) or the one navigating now. */
function prune() {
  if (!older || !older.length) return Promise.resolve()
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
    if (open.length > 1) return
    var doomed = older
    older = []
    return Promise.all(doomed.map(function (name) { return caches.delete(name) }))
  })
}

function files() {
  if (list) return Promise.resolve(list)
  return caches.open(CACHE).then(function (cache) { return cache.match(LIST) }).then(function (hit) {
    if (!hit) throw new Error("this build's cache has no offline.json")
    return hit.json()
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

/* The response's bytes if they are the ones offline.json lists for this build, else null. */
function verified(response, entry) {
  return response.arrayBuffer().then(function (bytes) {
    return crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
      var hex = Array.from(new Uint8Array(digest).slice(0, entry.h.length / 2), function (byte) {
        return (byte < 16 ? "0" : "") + byte.toString(16)
      }).join("")
      return hex === entry.h ? bytes : null
    })
  })
}

/* A copy of a response for the cache: the server's headers (Content-Security-Policy…) kept, so a page
   read offline is as protected as online; the transfer encoding dropped (the bytes are decoded). */
function stored(bytes, response) {
  var headers = new Headers(response.headers)
  headers.delete("Content-Encoding")
  headers.delete("Content-Length")
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers: headers })
}

/* Pages: the network first (the newest text), this build's copy offline. A page goes into this
   build's cache only if its bytes are this build's page. A page's own fetch (offline.js keeping
   the page being read) waits until it is stored; a navigation does not wait. */
function networkFirst(request, address, entry) {
  return fetch(request).then(function (response) {
    if (!response.ok || !entry || response.type !== "basic") return response
    var keep = verified(response.clone(), entry).then(function (bytes) {
      if (!bytes) return
      return caches.open(CACHE).then(function (cache) { return cache.put(new URL(address, ROOT), stored(bytes, response)) })
    }).catch(function () {})
    return request.mode === "navigate" ? response : keep.then(function () { return response })
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(new URL(address, ROOT)) })
      .then(function (hit) { return hit || notSaved() })
  })
}

/* Other files: this build's cache, then (content-addressed names only: same name, same bytes) any
   build's cache of this site, then the network. What comes from the network is kept when its bytes
   are this build's; otherwise it is passed on as it came (a 404 for a file the server no longer has). */
function cacheFirst(request, address, entry) {
  var key = new URL(address, ROOT)
  return caches.open(CACHE).then(function (cache) {
    return cache.match(key).then(function (hit) {
      if (hit) return hit
      return elsewhere(key).then(function (copy) {
        if (copy) return entry ? cache.put(key, copy.clone()).then(function () { return copy }) : copy
        return fetch(request).then(function (response) {
          if (!response.ok || !entry || response.type !== "basic") return response
          return verified(response.clone(), entry).then(function (bytes) {
            if (!bytes) return response
            var kept = stored(bytes, response)
            return cache.put(key, kept.clone()).then(function () { return kept })
          })
        })
      })
    })
  })
}

function elsewhere(key) {
  if (!HASHED.test(key.pathname)) return Promise.resolve(null)
  return ours().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (hit) { return hit || caches.open(name).then(function (cache) { return cache.match(key) }) })
    }, Promise.resolve(null))
  })
}

/* The site's "page not found" (in the site's main language), for an address no build can have. */
function notFound() {
  var key = new URL(NOT_FOUND, ROOT)
  function as404(response) {
    return response.arrayBuffer().then(function (bytes) {
      var headers = new Headers(response.headers)
      headers.delete("Content-Encoding")
      headers.delete("Content-Length")
      return new Response(bytes, { status: 404, statusText: "Not Found", headers: headers })
    })
  }
  return caches.open(CACHE).then(function (cache) { return cache.match(key) }).then(function (hit) {
    return hit || fetch(key).then(function (response) {
      if (!response.ok) throw new Error(NOT_FOUND + ": " + response.status)
      return response
    })
  }).then(as404).catch(function () { return notSaved() })
}

function notSaved() {
  var html = '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<title>Chưa tải trang này</title><body style="font:1.2rem/1.6 sans-serif;margin:2rem">' +
    "<h1>Trang này chưa được tải về máy</h1><p>Không có mạng, và trang này chưa được lưu để đọc khi không có mạng.</p>" +
    '<p><a href="' + ROOT.href + '">Về trang chủ</a></p>' +
    '<p lang="en">This page has not been saved for offline reading. <a href="' + ROOT.href + 'en/">Home</a></p></body></html>'
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } })
}

/* A file's path with its digest taken out (reader.<digest>.js → reader.js, s0.<digest>.json →
   s0.json), without query: what stays the same from one build to the next. */
function stem(address) {
  return address.split("?")[0].replace(/\.[0-9a-f]{8,}(?=(?:\.min)?\.(?:js|css|json)$)/, "")
}

/* Fill this build's cache: the home page and the 404 page, the site's scripts and styles (search
   worker included, one file for every language: its settings are in its address's fragment), the
   search index when it is small, and everything the reader already had. Every file must be this
   build's bytes, or the install fails. */
function install() {
  return fetch(new URL(LIST, ROOT), { cache: "no-store" }).then(function (r) { return r.json() }).then(function (data) {
    list = index(data)
    return ours().then(function (names) {
      var olds = names.filter(function (name) { return name !== CACHE })
      return Promise.all(olds.map(oldFiles)).then(function (had) {
        var wanted = {}, oldByHash = {}
        had.forEach(function (old) {
          old.forEach(function (item) { wanted[stem(item.address)] = true; if (item.hash) oldByHash[item.hash] = item })
        })
        var search = Object.keys(list).filter(function (address) { return /^search\//.test(address) })
        var small = search.reduce(function (sum, address) { return sum + list[address].s }, 0) <= SMALL_INDEX
        var addresses = Object.keys(list).filter(function (address) {
          return address === "" || address === NOT_FOUND || /^assets\//.test(address) ||
            (small && /^search\//.test(address)) || wanted[stem(address)]
        })
        return caches.open(CACHE).then(function (cache) {
          return pool(addresses, function (address) {
            var entry = list[address], old = oldByHash[entry.h]
            var copy = old ? caches.match(old.request, { cacheName: old.cache }) : Promise.resolve(null)
            return copy.then(function (response) {
              if (response) return cache.put(new URL(address, ROOT), response)
              /* a content-addressed file the page just loaded comes from the browser's cache (the same
                 name is the same bytes, and checked below): fetched once, not again for the worker */
              var mode = HASHED.test(address.split("?")[0]) ? "default" : "reload"
              return fetch(new URL(address, ROOT), { cache: mode }).then(function (response) {
                if (!response.ok) throw new Error(address + ": " + response.status)
                return verified(response.clone(), entry).then(function (bytes) {
                  if (!bytes) throw new Error(address + ": not this build's file (a newer build was published)")
                  return cache.put(new URL(address, ROOT), stored(bytes, response))
                })
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

/* What an older build's cache holds: each file's address and, if listed, its hash. */
function oldFiles(name) {
  return caches.open(name).then(function (cache) {
    return cache.match(LIST).then(function (hit) { return hit ? hit.json() : { files: [] } }).then(function (data) {
      var hashes = {}
      ;(data.files || []).forEach(function (entry) { hashes[entry.u] = entry.h })
      return cache.keys().then(function (requests) {
        return requests.filter(function (request) { return new URL(request.url).pathname !== ROOT.pathname + LIST })
          .map(function (request) {
            var address = addressOf(new URL(request.url))
            return address === null ? null : { address: address, hash: hashes[address], request: request, cache: name }
          }).filter(Boolean)
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
