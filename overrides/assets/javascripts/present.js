/* Presentation mode (trinh-chieu/): a title screen, then one question per screen; the next press reveals the
   answer, the one after goes to the next question. Keys of a keyboard or a presenter's clicker (→ ← Page Up/Down,
   space, Home, End), B blanks the screen, F full screen, G the reporter's notes; a swipe on a touch screen.
   The address names the screen shown (#cau-5), so a link opens that question. Progress is announced ("Câu 3/14").
   Without this script the page shows every screen in turn. */
(function () {
  "use strict"
  var html = document.documentElement
  var slides = Array.prototype.slice.call(document.querySelectorAll(".hd-slide"))
  var status = document.querySelector(".hd-present__progress")
  var blank = document.querySelector(".hd-present__blank")
  var notesButton = document.querySelector("[data-present=notes]")
  var fullButton = document.querySelector("[data-present=full]")
  var NOTES = "hoidap:goi-y"
  var at = 0, revealed = false
  if (!slides.length) return

  function answerOf(slide) { return slide.querySelector(".hd-slide__answer") }

  function show(index, reveal, fromAddress) {
    at = Math.max(0, Math.min(slides.length - 1, index))
    var slide = slides[at]
    revealed = !!reveal && !!answerOf(slide)
    slides.forEach(function (other, i) { other.hidden = i !== at })
    var answer = answerOf(slide)
    if (answer) answer.hidden = !revealed
    html.dataset.hdSlide = String(at)
    html.dataset.hdAnswer = revealed ? "shown" : "hidden"
    if (status.textContent !== slide.dataset.position) status.textContent = slide.dataset.position
    if (!fromAddress) {
      var address = at === 0 ? location.pathname + location.search : "#" + slide.id
      history.replaceState(null, "", address)
    }
  }

  function next() {
    if (answerOf(slides[at]) && !revealed) show(at, true)
    else if (at < slides.length - 1) show(at + 1, false)
  }
  function previous() {
    if (revealed) show(at, false)
    else if (at > 0) show(at - 1, true)
  }
  function toggleBlank() { blank.hidden = !blank.hidden }
  function toggleNotes(on) {
    var shown = on === undefined ? !html.classList.contains("hd-present--notes") : on
    html.classList.toggle("hd-present--notes", shown)
    notesButton.setAttribute("aria-pressed", String(shown))
    try { localStorage.setItem(NOTES, shown ? "1" : "0") } catch (e) { /* private mode: not remembered */ }
  }
  function toggleFull() {
    if (document.fullscreenElement) document.exitFullscreen().catch(function () {})
    else if (html.requestFullscreen) html.requestFullscreen().catch(function () {})
  }
  document.addEventListener("fullscreenchange", function () {
    fullButton.setAttribute("aria-pressed", String(!!document.fullscreenElement))
  })

  function fromAddress() {
    var id = location.hash.slice(1)
    try { id = decodeURIComponent(id) } catch (e) { /* a mistyped link (#cau-%): no question of that name */ }
    var index = id ? slides.findIndex(function (slide) { return slide.id === id }) : 0
    show(index < 0 ? 0 : index, false, true)
    var focused = document.activeElement   /* the browser focuses a focusable target of #cau-N: no frame on screen */
    if (focused && focused.classList.contains("hd-slide")) focused.blur()
  }

  var actions = { next: next, previous: previous, answer: function () { show(at, !revealed) },
    notes: function () { toggleNotes() }, full: toggleFull }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-present]")
    if (button && actions[button.dataset.present]) actions[button.dataset.present]()
  })

  var KEYS = { ArrowRight: next, ArrowDown: next, PageDown: next, " ": next, Enter: next,
    ArrowLeft: previous, ArrowUp: previous, PageUp: previous, Backspace: previous,
    Home: function () { show(0, false) }, End: function () { show(slides.length - 1, true) },
    b: toggleBlank, B: toggleBlank, ".": toggleBlank, f: toggleFull, F: toggleFull,
    g: function () { toggleNotes() }, G: function () { toggleNotes() } }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return
    var onControl = event.target.closest && event.target.closest("button, a")
    if (onControl && event.key === "Enter") return    /* Enter on a control activates it */
    if (onControl && onControl.tagName === "BUTTON" && event.key === " ") return   /* and Space on a button */
    var action = KEYS[event.key]
    if (!action) return
    event.preventDefault()
    if (!blank.hidden && action !== toggleBlank) blank.hidden = true
    action()
  })

  var start = null
  document.addEventListener("touchstart", function (event) {
    start = event.touches.length === 1 ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null
  }, { passive: true })
  document.addEventListener("touchend", function (event) {
    if (!start || !event.changedTouches.length) return
    var dx = event.changedTouches[0].clientX - start.x, dy = event.changedTouches[0].clientY - start.y
    start = null
    if (Math.abs(dx) < 50 || Math.abs(dx) < Math.abs(dy) * 1.5) return
    if (dx < 0) next()
    else previous()
  }, { passive: true })

  window.addEventListener("hashchange", fromAddress)
  try { toggleNotes(localStorage.getItem(NOTES) === "1") } catch (e) { toggleNotes(false) }
  fromAddress()
  html.dataset.hdPresent = "ready"
})()
