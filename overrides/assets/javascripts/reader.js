/* The reader's controls: text size, study mode (answers hidden, "remembered" marks and progress kept
   on the phone, previous/next question), a share action after every answer, the last question read
   ("Đọc tiếp: Câu 7" on the booklet and in booklet listings), and progress shown in booklet listings.
   Everything here adds to a plain page: without JavaScript the page is the plain Q&A. */
(function () {
  "use strict"
  var SIZES = [1, 1.125, 1.25, 1.5, 1.75, 2]
  var SIZE_KEY = "hoidap:co-chu", STUDY_KEY = "hoidap:hoc", DONE_KEY = "hoidap:nho:", READ_KEY = "hoidap:doc:"
  var script = document.currentScript
  var root = new URL(script.dataset.root || "./", location.href)
  // A booklet's progress and last question read are kept under its address from the site's root.
  var pageKey = (function (path) {   // a malformed address (the 404 page for /%C0%AF/) keeps its raw form
    try { return decodeURIComponent(path) } catch (error) { return path }
  })(location.pathname.slice(root.pathname.length))
  var texts = JSON.parse((document.getElementById("hd-texts") || {}).textContent || "{}")
  var toolbar = document.querySelector(".hd-toolbar")

  function read(key) { try { return localStorage.getItem(key) } catch (e) { return null } }
  function write(key, value) { try { localStorage.setItem(key, value) } catch (e) { /* storage full or blocked */ } }
  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all })
  }
  function button(label, className) {
    var element = document.createElement("button")
    element.type = "button"
    element.className = "hd-button " + (className || "")
    element.textContent = label
    return element
  }

  /* A short message at the bottom of the screen, read out by screen readers. */
  var toastBox = null, toastTimer = 0
  function toast(message, extra) {
    if (!toastBox) {
      toastBox = document.createElement("div")
      toastBox.className = "hd-toast hd-screen-only"
      toastBox.setAttribute("role", "status")
      document.body.appendChild(toastBox)
    }
    toastBox.textContent = message
    if (extra) toastBox.appendChild(extra)
    toastBox.classList.add("hd-toast--shown")
    clearTimeout(toastTimer)
    toastTimer = setTimeout(function () { toastBox.classList.remove("hd-toast--shown") }, extra ? 15000 : 4000)
  }

  /* Text size: one setting for every page, kept on the phone. */
  function setupTextSize() {
    var output = toolbar.querySelector(".hd-size__value")
    var current = parseFloat(read(SIZE_KEY)) || 1
    function apply(scale) {
      current = scale
      document.documentElement.style.setProperty("--hd-text-scale", String(scale))
      output.textContent = Math.round(scale * 100) + "%"
      toolbar.querySelectorAll("[data-hd-size]").forEach(function (control) {
        var step = Number(control.dataset.hdSize)
        control.disabled = step < 0 ? scale <= SIZES[0] : scale >= SIZES[SIZES.length - 1]
      })
    }
    toolbar.addEventListener("click", function (event) {
      var control = event.target.closest("[data-hd-size]")
      if (!control) return
      var step = Number(control.dataset.hdSize), at = SIZES.indexOf(current)
      if (at < 0) at = 0
      var next = SIZES[Math.max(0, Math.min(SIZES.length - 1, at + step))]
      write(SIZE_KEY, String(next))
      apply(next)
    })
    apply(SIZES.indexOf(current) >= 0 ? current : 1)
  }

  /* Progress kept per booklet, under the booklet's address from the site's root. */
  function doneOf(key) {
    try { return JSON.parse(read(DONE_KEY + key) || "[]").filter(function (n) { return typeof n === "number" }) }
    catch (e) { return [] }
  }
  function showProgress() {
    document.querySelectorAll("[data-hd-progress]").forEach(function (element) {
      var done = doneOf(element.dataset.hdProgress).length, total = Number(element.dataset.total) || 0
      element.textContent = format(texts.progress, { done: Math.min(done, total), total: total })
      // the toolbar's is shown in study mode (CSS); a listing's once something is remembered
      if (!element.classList.contains("hd-progress")) element.hidden = !(done > 0)
    })
  }

  /* Each question: heading, then a row of actions (reveal, remembered: study mode), then its answer, then
     "share": what one shares is a question read, so it comes after the answer, not between the two. */
  function questions() {
    var out = []
    document.querySelectorAll("article h2[id^='cau-'], article h3[id^='cau-']").forEach(function (heading) {
      var number = Number(heading.id.slice(4))
      if (!(number > 0)) return
      var answer = document.getElementById("tra-loi-" + number)
      var row = heading.nextElementSibling
      if (!row || !row.classList.contains("hd-qtools")) {
        row = document.createElement("div")
        row.className = "hd-qtools hd-screen-only"
        heading.insertAdjacentElement("afterend", row)
      }
      var reveal = button(texts.show_answer, "hd-reveal"), remember = button(texts.remembered, "hd-remember")
      var share = button(texts.share, "hd-share")
      reveal.hidden = remember.hidden = true
      if (answer) {
        reveal.setAttribute("aria-controls", answer.id)
        row.appendChild(reveal)
      }
      remember.setAttribute("aria-pressed", "false")
      row.appendChild(remember)
      var after = answer && answer.nextElementSibling
      if (after && after.classList.contains("hd-qtools--after")) after.appendChild(share)
      else row.appendChild(share)
      out.push({ number: number, heading: heading, answer: answer, row: row, reveal: reveal, remember: remember,
                 share: share })
    })
    return out
  }

  function questionText(heading) {
    var copy = heading.cloneNode(true)
    copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove() })
    return copy.textContent.replace(/\s+/g, " ").trim()
  }

  function setupShare(items) {
    items.forEach(function (item) {
      item.share.addEventListener("click", function () {
        var url = location.origin + location.pathname + "#" + item.heading.id
        var title = questionText(item.heading)
        if (navigator.share) {
          navigator.share({ title: document.title, text: title, url: url }).catch(function (error) {
            if (!error || error.name !== "AbortError") copyLink(url, item.number)
          })
        } else copyLink(url, item.number)
      })
    })
  }

  /* Booklets listed on the updates page: share the booklet itself (boards announce it in Zalo). */
  function setupListShare() {
    document.querySelectorAll("[data-hd-share]").forEach(function (control) {
      control.addEventListener("click", function () {
        var url = new URL(control.dataset.hdShare, location.href).href
        if (navigator.share) {
          navigator.share({ title: control.dataset.hdTitle, url: url }).catch(function (error) {
            if (!error || error.name !== "AbortError") copyLink(url, null)
          })
        } else copyLink(url, null)
      })
    })
  }

  function copyLink(url, number) {
    var done = function () { toast(number === null ? texts.copied_booklet : format(texts.copied, { number: number })) }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { legacyCopy(url) ? done() : showLink(url) })
    } else if (legacyCopy(url)) done()
    else showLink(url)
  }

  function legacyCopy(value) {
    var field = document.createElement("textarea")
    field.value = value
    field.setAttribute("readonly", "")
    field.style.position = "fixed"
    field.style.opacity = "0"
    document.body.appendChild(field)
    field.select()
    var ok
    try { ok = document.execCommand("copy") } catch (e) { ok = false }
    field.remove()
    return ok
  }

  function showLink(url) {
    var field = document.createElement("input")
    field.value = url
    field.readOnly = true
    field.className = "hd-toast__link"
    field.setAttribute("aria-label", texts.copy_failed)
    toast(texts.copy_failed + " ", field)
    field.focus()
    field.select()
  }

  /* A bar fixed at the bottom of the screen for controls that follow the reader (previous/next question,
     read aloud); the page below it gets room to scroll its end into view. */
  var dockBox = null
  function dock() {
    if (!dockBox) {
      dockBox = document.createElement("div")
      dockBox.className = "hd-dock hd-screen-only"
      dockBox.hidden = true
      toolbar.parentNode.appendChild(dockBox)   // inside the article: the page's main landmark and styles
      if (window.ResizeObserver) new ResizeObserver(fitDock).observe(dockBox)
    }
    return dockBox
  }
  function fitDock() {
    if (!dockBox) return
    dockBox.hidden = !Array.prototype.some.call(dockBox.children, function (part) { return !part.hidden })
    document.documentElement.style.setProperty("--hd-dock", dockBox.hidden ? "0px" : dockBox.offsetHeight + "px")
  }

  /* The question being read: the last one whose heading's top is at most `limit` px below the window's top
     (headings are in page order: a binary search, however long the booklet). -1 above the first. */
  function currentIndex(items, limit) {
    var low = 0, high = items.length - 1, found = -1
    while (low <= high) {
      var middle = (low + high) >> 1
      if (items[middle].heading.getBoundingClientRect().top <= limit) {
        found = middle
        low = middle + 1
      } else high = middle - 1
    }
    return found
  }

  /* The last question read on this device, per booklet: where its heading scrolled to the top third of the
     screen, was opened, stepped to or read aloud. */
  function lastRead(key) {
    var number = Number(read(READ_KEY + key))
    return number > 0 && Math.floor(number) === number ? number : 0
  }
  var chosen = 0, chosenAt = 0   // the question the reader last chose (opened, stepped to, read aloud), and when
  var CHOICE_SCROLL_MS = 1000   // a scroll starting this soon after a choice may be the choice's own
  function remember(number) { write(READ_KEY + pageKey, String(number)) }
  function onScreen(element) {
    var box = element && element.getBoundingClientRect()
    return !!box && box.bottom > 0 && box.top < window.innerHeight
  }
  function reached(number) {
    chosen = number
    chosenAt = Date.now()
    remember(number)
  }
  function resumeLink(href, number) {
    var link = document.createElement("a")
    link.className = "hd-list__resume"
    link.href = href + "#cau-" + number
    link.textContent = format(texts.resume, { number: number })
    return link
  }
  function setupResume(items) {
    var link = toolbar.querySelector(".hd-resume")
    if (!items.length || !link) return
    // shown before the first paint by the head script (hd-resumable, the number in --hd-read); here made exact
    var last = lastRead(pageKey), found = !!document.getElementById("cau-" + last)
    document.documentElement.classList.toggle("hd-resumable", found)
    if (found) {
      link.href = "#cau-" + last
      link.textContent = format(texts.resume, { number: last })
    }
    var timer = 0, began = 0
    window.addEventListener("scroll", function () {
      if (!timer) began = Date.now()
      clearTimeout(timer)
      timer = setTimeout(function () {
        timer = 0
        // a question chosen while the page scrolled, or just before (the scroll that brings it into view is
        // dispatched a frame later), wins over where the page stopped while its heading is still on screen
        if (chosenAt >= began - CHOICE_SCROLL_MS && onScreen(document.getElementById("cau-" + chosen))) return
        var at = currentIndex(items, window.innerHeight / 3)
        if (at >= 0) remember(items[at].number)
      }, 300)
    }, { passive: true })
  }
  /* Booklet listings (home, browse pages): "Đọc tiếp: Câu 7" under each booklet read on this device. */
  function showResume() {
    document.querySelectorAll(".hd-list [data-hd-progress]").forEach(function (element) {
      var last = lastRead(element.dataset.hdProgress), title = element.parentNode.querySelector("a")
      if (last && title) element.insertAdjacentElement("beforebegin", resumeLink(title.getAttribute("href"), last))
    })
  }

  /* Study mode's previous/next question, at the bottom of the screen: from the question at the top of the
     screen, or from the one last stepped to while the page has not moved since. */
  function setupStepper(items) {
    var nav = document.createElement("nav")
    nav.className = "hd-stepper"
    nav.setAttribute("aria-label", texts.step_label)
    nav.hidden = true
    var previous = button(texts.step_previous, "hd-step"), next = button(texts.step_next, "hd-step")
    previous.dataset.hdStep = "-1"
    next.dataset.hdStep = "1"
    nav.appendChild(previous)
    nav.appendChild(next)
    dock().appendChild(nav)
    var stepped = -1, steppedAt = -1
    nav.addEventListener("click", function (event) {
      var control = event.target.closest("[data-hd-step]")
      if (!control) return
      var margin = parseFloat(getComputedStyle(items[0].heading).scrollMarginTop) || 0
      var at = window.scrollY === steppedAt ? stepped : currentIndex(items, margin + 4)
      var target = Math.max(0, Math.min(items.length - 1, at + Number(control.dataset.hdStep)))
      items[target].heading.scrollIntoView({ block: "start", behavior: "instant" })
      stepped = target
      steppedAt = window.scrollY
      reached(items[target].number)
    })
    return nav
  }

  /* Study mode: answers hidden until asked for; "remembered" marks and progress per booklet. */
  function setupStudy(items) {
    var toggle = document.getElementById("hd-study")
    if (!toggle || !items.length) return
    var key = pageKey
    var stepper = setupStepper(items)
    var progress = toolbar.querySelector(".hd-progress")
    progress.dataset.hdProgress = key
    var restart = toolbar.querySelector(".hd-restart")   // shown in study mode, with the hint under the toolbar (CSS)

    function done() { return doneOf(key) }
    function open(item, shown) {
      if (!item.answer) return
      item.answer.classList.toggle("hd-answer--closed", !shown)
      item.answer.classList.toggle("hd-answer--open", shown)
      item.reveal.setAttribute("aria-expanded", String(shown))
      item.reveal.textContent = shown ? texts.hide_answer : texts.show_answer
    }
    function mark(item, remembered) {
      item.remember.setAttribute("aria-pressed", String(remembered))
      item.heading.classList.toggle("hd-remembered", remembered)
    }
    function set(on, initial) {
      document.documentElement.classList.toggle("hd-study", on)
      toggle.setAttribute("aria-pressed", String(on))
      stepper.hidden = !on
      fitDock()
      var remembered = done(), target = location.hash.slice(1)
      items.forEach(function (item) {
        item.reveal.hidden = item.remember.hidden = !on
        open(item, !on || (initial && item.heading.id === target))
        mark(item, remembered.indexOf(item.number) >= 0)
      })
      showProgress()
    }

    toggle.addEventListener("click", function () {
      var on = toggle.getAttribute("aria-pressed") !== "true"
      write(STUDY_KEY, on ? "1" : "0")
      set(on, false)
    })
    restart.addEventListener("click", function () {
      write(DONE_KEY + key, "[]")
      set(true, false)
    })
    items.forEach(function (item) {
      item.reveal.addEventListener("click", function () {
        open(item, item.reveal.getAttribute("aria-expanded") !== "true")
        reached(item.number)
      })
      item.heading.addEventListener("click", function (event) {
        if (!document.documentElement.classList.contains("hd-study") || event.target.closest("a")) return
        open(item, item.reveal.getAttribute("aria-expanded") !== "true")
        reached(item.number)
      })
      item.remember.addEventListener("click", function () {
        var list = done(), at = list.indexOf(item.number)
        if (at >= 0) list.splice(at, 1)
        else list.push(item.number)
        write(DONE_KEY + key, JSON.stringify(list.sort(function (a, b) { return a - b })))
        mark(item, at < 0)
        showProgress()
      })
    })
    window.addEventListener("hashchange", function () {
      items.forEach(function (item) { if (item.heading.id === location.hash.slice(1)) open(item, true) })
    })
    set(read(STUDY_KEY) === "1", true)
  }

  /* The language switcher opens the other language at the same place: its links carry the page's #cau-N. */
  function keepPlaceAcrossLanguages() {
    var links = document.querySelectorAll("a.md-select__link[hreflang]")
    function follow() {
      links.forEach(function (link) { link.hash = location.hash })
    }
    if (!links.length) return
    follow()
    window.addEventListener("hashchange", follow)
  }

  // Shared with quiz.js and listen.js (loaded after this script): helpers, and the booklet's questions.
  var reader = window.HoidapReader = { toast: toast, texts: texts, root: root, format: format, read: read, write: write,
                                       button: button, dock: dock, fitDock: fitDock, reached: reached, questions: [] }
  keepPlaceAcrossLanguages()
  if (!toolbar) return
  setupTextSize()
  var items = reader.questions = questions()
  setupShare(items)
  setupListShare()
  setupResume(items)
  setupStudy(items)
  showProgress()
  showResume()
})()
