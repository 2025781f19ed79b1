/* The reader's controls: text size, study mode (answers hidden, "remembered" marks and progress kept
   on the phone), a share action on every question, and progress shown in booklet listings.
   Everything here adds to a plain page: without JavaScript the page is the plain Q&A. */
(function () {
  "use strict"
  var SIZES = [1, 1.125, 1.25, 1.5, 1.75, 2]
  var SIZE_KEY = "hoidap:co-chu", STUDY_KEY = "hoidap:hoc", DONE_KEY = "hoidap:nho:"
  var script = document.currentScript
  var root = new URL(script.dataset.root || "./", location.href)
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
      var studying = element.classList.contains("hd-progress") && document.documentElement.classList.contains("hd-study")
      element.textContent = format(texts.progress, { done: Math.min(done, total), total: total })
      element.hidden = !(done > 0 || studying)
    })
  }

  /* Each question: heading, then a row of actions (reveal, remembered, share), then its answer. */
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
      row.appendChild(share)
      out.push({ number: number, heading: heading, answer: answer, reveal: reveal, remember: remember, share: share })
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

  /* Study mode: answers hidden until asked for; "remembered" marks and progress per booklet. */
  function setupStudy(items) {
    var toggle = document.getElementById("hd-study")
    if (!toggle || !items.length) return
    var key = decodeURIComponent(location.pathname.slice(root.pathname.length))
    var progress = toolbar.querySelector(".hd-progress")
    progress.dataset.hdProgress = key
    var restart = button(texts.restart, "hd-restart")
    restart.hidden = true
    toolbar.appendChild(restart)
    var hint = document.createElement("p")
    hint.className = "hd-study-hint hd-screen-only"
    hint.textContent = texts.study_hint
    hint.hidden = true
    toolbar.insertAdjacentElement("afterend", hint)

    function done() { return doneOf(key) }
    function open(item, shown) {
      if (!item.answer) return
      item.answer.classList.toggle("hd-answer--closed", !shown)
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
      restart.hidden = hint.hidden = !on
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
      })
      item.heading.addEventListener("click", function (event) {
        if (!document.documentElement.classList.contains("hd-study") || event.target.closest("a")) return
        open(item, item.reveal.getAttribute("aria-expanded") !== "true")
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

  window.HoidapReader = { toast: toast, texts: texts, root: root, format: format, read: read, write: write }
  keepPlaceAcrossLanguages()
  if (!toolbar) return
  setupTextSize()
  var items = questions()
  setupShare(items)
  setupListShare()
  setupStudy(items)
  showProgress()
})()
