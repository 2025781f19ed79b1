#!/usr/bin/env node
/* Lighthouse 12.8.2 (mobile) on the site's reading states, as user flows in Debian's Chromium: one fresh browser
   per state, one JSON flow result per state (its steps' reports) in OUT_DIR. Called by scripts/bench_pages.py;
   run through npx so that lighthouse and its puppeteer-core are found:

     npx --yes -p lighthouse@12.8.2 node benchmarks/lighthouse-flow.mjs --base http://127.0.0.1:8080/ \
         --booklet nghi-quyet/thu-nghiem/nq-50-cau/ --quiz nghi-quyet/trung-uong/57-nq-tw/ --out /tmp/lh [--run 0]

   States: home, booklet, study (the booklet loaded with study mode on), quiz (a booklet with a quiz), each a
   navigation; search (the home page, then the search opened and a query typed key by key until its results
   show) and listen (the booklet, then "Nghe cả tài liệu" until the player says "Đang đọc: Câu 1"), each a
   navigation, a timespan around the interaction and a snapshot of the state reached. */
import { execFileSync } from "node:child_process"
import { realpathSync, writeFileSync, existsSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { parseArgs } from "node:util"

const { values: options } = parseArgs({
  options: {
    base: { type: "string" },
    booklet: { type: "string" },
    quiz: { type: "string" },
    out: { type: "string" },
    run: { type: "string", default: "0" },
    only: { type: "string", default: "" },
    query: { type: "string", default: "nghị quyết 57" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    html: { type: "boolean", default: false },
  },
})
for (const name of ["base", "booklet", "quiz", "out"]) {
  if (!options[name]) throw new Error(`--${name} is required`)
}
const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"]
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
const STEP_WAIT = 15000

/* lighthouse as npx installed it (its bin on PATH), and the puppeteer-core it depends on. */
function lighthouseRoot() {
  const bin = execFileSync("sh", ["-c", "command -v lighthouse"], { encoding: "utf8" }).trim()
  let dir = dirname(realpathSync(bin))
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "core", "index.js"))) {
    if (dirname(dir) === dir) throw new Error("lighthouse not found: run through npx -p lighthouse@12.8.2")
    dir = dirname(dir)
  }
  return dir
}
const root = lighthouseRoot()
const { startFlow, generateReport } = await import(pathToFileURL(join(root, "core", "index.js")).href)
const puppeteer = (await import(pathToFileURL(createRequire(join(root, "package.json")).resolve("puppeteer-core")).href)).default

/* A speech engine for a browser without voices: one Vietnamese voice, an utterance that starts at once
   and lasts (the player stays on "Đang đọc"); cancel() interrupts it as a browser does. */
function fakeSpeech() {
  class Utterance {
    constructor(text) {
      Object.assign(this, { text, lang: "", voice: null, rate: 1, onstart: null, onend: null, onerror: null,
        onboundary: null })
    }
  }
  const voices = [{ name: "Tiếng Việt (máy)", lang: "vi-VN", localService: true, default: true }]
  const engine = {
    current: null, speaking: false, pending: false, paused: false,
    getVoices() { return voices },
    speak(utterance) {
      this.current = utterance
      this.speaking = true
      setTimeout(() => utterance.onstart && utterance.onstart({}), 0)
    },
    cancel() {
      const current = this.current
      this.current = null
      this.speaking = false
      if (current && current.onerror) current.onerror({ error: "interrupted" })
    },
    pause() { this.paused = true },
    resume() { this.paused = false },
    addEventListener() {},
    removeEventListener() {},
  }
  Object.defineProperty(window, "speechSynthesis", { value: engine, configurable: true })
  window.SpeechSynthesisUtterance = Utterance
}

function studyOn() {
  try {
    localStorage.setItem("hoidap:hoc", "1")
  } catch {
    // about:blank has no storage
  }
}

/* The search's results for the whole query are on screen: a count from results.js and every result's link
   carrying the query's words as the worker read them (tests/test_search_browser.py, RESULTS_READY). */
function resultsShown(query) {
  const words = [...new Set(query.normalize("NFC").toLowerCase()
    .match(/(?:[\p{L}\p{N}]|[\u0300-\u036f])+/gu) || [])].join(" ")
  const items = [...document.querySelectorAll(".md-search-result__item")]
  const meta = document.querySelector(".md-search-result__meta")
  return items.length > 0 && meta && /câu hỏi|tài liệu|mục/.test(meta.textContent) && items.every(item => {
    const h = new URL([...item.querySelectorAll("a")].pop().href).searchParams.get("h") || ""
    return h.replace(/\*/g, "").split(" ").filter(Boolean).join(" ") === words
  })
}

const url = path => new URL(path, options.base).href
const states = {
  home: async flow => flow.navigate(url(""), { name: "Trang chủ" }),
  booklet: async flow => flow.navigate(url(options.booklet), { name: "Tài liệu 50 câu" }),
  study: async (flow, page) => {
    await page.evaluateOnNewDocument(studyOn)
    await flow.navigate(url(options.booklet), { name: "Học thuộc" })
    const on = await page.evaluate(() => document.documentElement.classList.contains("hd-study")
      && document.getElementById("hd-study").getAttribute("aria-pressed") === "true")
    if (!on) throw new Error("study mode is not on after the navigation")
  },
  quiz: async (flow, page) => {
    await flow.navigate(url(options.quiz), { name: "Trắc nghiệm" })
    if (!await page.$(".hd-quiz")) throw new Error(`no quiz on ${options.quiz}`)
  },
  present: async (flow, page) => {
    await flow.navigate(url(options.booklet + "trinh-chieu/"), { name: "Trình chiếu" })
    if (!await page.$(".hd-slide")) throw new Error("no slides on the presentation page")
  },
  plan: async (flow, page) => {
    await flow.navigate(url("ke-hoach/dai-hoi-xiii-soc-trang/"), { name: "Kế hoạch học tập" })
    if (!await page.$(".hd-plan, .hd-schedule, table")) throw new Error("no schedule on the plan page")
  },
  stats: async (flow, page) => {
    await flow.navigate(url("tra-cuu/thong-ke/"), { name: "Thống kê" })
    if (!await page.$("svg[role=img]")) throw new Error("no chart on the statistics page")
  },
  search: async (flow, page) => {
    await flow.navigate(url(""), { name: "Trang chủ" })
    await flow.startTimespan({ name: "Tìm kiếm: gõ câu hỏi" })
    await page.click("label[for=__search]")
    const box = "input[data-md-component=search-query]"
    await page.waitForSelector(box, { visible: true, timeout: STEP_WAIT })
    for (const key of options.query.normalize("NFC")) {
      await page.type(box, key)
      // a letter with a diacritic is inserted without key events; Material reads the box on keyup
      await page.$eval(box, input => input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true })))
      await new Promise(resolve => setTimeout(resolve, 80))   // a person's typing pace, not a wait for readiness
    }
    await page.waitForFunction(resultsShown, { timeout: STEP_WAIT, polling: 100 }, options.query)
    await flow.endTimespan()
    await flow.snapshot({ name: "Tìm kiếm: kết quả" })
  },
  listen: async (flow, page) => {
    await page.evaluateOnNewDocument(fakeSpeech)
    await flow.navigate(url(options.booklet), { name: "Tài liệu 50 câu" })
    await flow.startTimespan({ name: "Nghe cả tài liệu" })
    await page.waitForSelector(".hd-listen-all", { visible: true, timeout: STEP_WAIT })
    await page.click(".hd-listen-all")
    await page.waitForFunction(() => {
      const player = document.querySelector(".hd-player")
      return player && !player.hidden && player.querySelector(".hd-player__status").textContent === "Đang đọc: Câu 1"
    }, { timeout: STEP_WAIT, polling: 100 })
    await flow.endTimespan()
    await flow.snapshot({ name: "Đang đọc" })
  },
}

/* One state in a fresh browser; its flow result, or null when Lighthouse could not record it (a runtime
   error such as NO_NAVSTART, which says "run Lighthouse again"). */
async function measure(name) {
  const browser = await puppeteer.launch({ executablePath: options.chromium, args: CHROME_FLAGS,
    headless: true, defaultViewport: null })
  try {
    const page = await browser.newPage()
    const flow = await startFlow(page, {
      name,
      config: { extends: "lighthouse:default", settings: { onlyCategories: CATEGORIES } },
    })
    await states[name](flow, page)
    const result = await flow.createFlowResult()
    const failed = result.steps.find(step => step.lhr.runtimeError)
    if (!failed) return result
    process.stderr.write(`${name}: ${failed.lhr.runtimeError.code}, measured again\n`)
    return null
  } finally {
    await browser.close()
  }
}

const ATTEMPTS = 3
const chosen = options.only ? options.only.split(",") : Object.keys(states)
for (const name of chosen) {
  if (!states[name]) throw new Error(`unknown state ${name}; known: ${Object.keys(states).join(", ")}`)
  let result = null
  for (let attempt = 0; attempt < ATTEMPTS && !result; attempt++) result = await measure(name)
  if (!result) throw new Error(`${name}: Lighthouse could not record it in ${ATTEMPTS} attempts`)
  const file = join(options.out, `${name}-${options.run}`)
  writeFileSync(`${file}.json`, JSON.stringify(result))
  if (options.html) writeFileSync(`${file}.html`, generateReport(result, "html"))
  process.stdout.write(`${file}.json\n`)
}
