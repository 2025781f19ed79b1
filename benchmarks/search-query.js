#!/usr/bin/env node
/* Run our search worker outside the browser, over a built site: prints the results of queries.
   Usage: node benchmarks/search-query.js SITE_DIR LANG "query" ["query" …]
   (the worker's address and settings are read from the site's home page; its files from the site) */
"use strict"
const fs = require("fs"), path = require("path"), vm = require("vm")
const [site, lang, ...queries] = process.argv.slice(2)
const home = fs.readFileSync(path.join(site, lang === "vi" ? "" : lang, "index.html"), "utf8")
const worker = JSON.parse(home.match(/<script id="__config" type="application\/json">(.*?)<\/script>/s)[1]).search
const address = new URL(worker, "http://site/" + (lang === "vi" ? "" : lang + "/"))
const dir = path.join(site, path.dirname(address.pathname))
const posted = []
const context = {
  URL, TextEncoder, Map, Set, Promise, console, setTimeout,
  postMessage: message => posted.push(message),
  fetch: url => {
    const file = path.join(site, new URL(url).pathname)
    return Promise.resolve(fs.existsSync(file)
      ? { ok: true, json: () => Promise.resolve(JSON.parse(fs.readFileSync(file, "utf8"))) }
      : { ok: false, status: 404 })
  },
}
context.self = context
context.self.location = { href: address.href, search: address.search }
const listeners = []
context.addEventListener = (type, fn) => listeners.push(fn)
context.importScripts = name => vm.runInContext(fs.readFileSync(path.join(dir, name.split("?")[0]), "utf8"), context)
vm.createContext(context)
vm.runInContext(fs.readFileSync(path.join(site, address.pathname), "utf8"), context)
;(async () => {
  for (const query of queries) {
    posted.length = 0
    listeners.forEach(fn => fn({ data: { type: 2, data: query } }))
    while (!posted.length) await new Promise(r => setTimeout(r, 5))
    console.log(`# ${query}`)
    for (const item of posted[0].data.items.slice(0, 5)) {
      const doc = item[item.length - 1]
      console.log(`  ${doc.score.toFixed(1).padStart(10)}  ${doc.location.replace(/\?h=[^#]*/, "")}  ${doc.title.replace(/<[^>]+>/g, "")}`)
    }
  }
})()
