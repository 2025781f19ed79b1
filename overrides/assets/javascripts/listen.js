/* Read aloud ("Nghe"): one question and its answer, or the whole booklet in order, in the phone's own voice
   for the page's language (Web Speech API: nothing is fetched or downloaded). Loaded by booklet pages only,
   after reader.js; where the browser has no speechSynthesis nothing shows. The question being read is
   highlighted, named in the player at the bottom of the screen and remembered as the last one read. */
(function () {
  "use strict"
  var synth = window.speechSynthesis, Utterance = window.SpeechSynthesisUtterance, reader = window.HoidapReader
  if (!synth || !Utterance || !reader || !reader.questions.length) return
  var texts = reader.texts, format = reader.format, items = reader.questions
  var lang = (document.documentElement.lang || "vi").toLowerCase().split("-")[0]
  // Chrome cuts an utterance off after about 15 seconds on some voices, Android's engines cut long ones too:
  // answers are read sentence by sentence, a sentence longer than this clause by clause.
  var LONGEST = 200
  var BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|DD|DETAILS|DIV|DL|DT|FIGCAPTION|FIGURE|H[1-6]|LI|OL|P|PRE|SECTION|SUMMARY|TABLE|TD|TH|TR|UL)$/
  var SILENT = "script, style, button, img, svg, .headerlink, .hd-label, .footnote-ref, [hidden], [aria-hidden='true']"
  var SENTENCE_END = /[.!?…]+["”’)\]]*\s+(?=["“‘([]?\p{Lu})/gu

  /* What is said: the page's words, block by block, then cut where a listener hears a pause. */
  function blocks(root) {
    var out = [], line = ""
    function flush() {
      var text = line.replace(/\s+/g, " ").trim()
      if (text) out.push(text)
      line = ""
    }
    function walk(node) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) line += child.nodeValue
        else if (child.nodeType !== 1 || child.matches(SILENT)) return
        else if (BLOCK.test(child.tagName)) {
          flush()
          walk(child)
          flush()
        } else if (child.tagName === "BR") line += " "
        else walk(child)
      })
    }
    walk(root)
    flush()
    return out
  }
  function sentences(text) {
    var out = [], start = 0, match
    SENTENCE_END.lastIndex = 0
    while ((match = SENTENCE_END.exec(text))) {
      out.push(text.slice(start, match.index + match[0].length).trim())
      start = SENTENCE_END.lastIndex
    }
    out.push(text.slice(start).trim())
    return out
  }
  /* A sentence longer than LONGEST in pieces up to that length: cut after commas, semicolons and colons,
     a clause still too long between words. */
  function fit(text, byClause) {
    if (text.length <= LONGEST) return [text]
    var parts = byClause ? text.match(/[^,;:]*(?:[,;:]+\s*|$)/g) : text.split(/(?=\s)/)
    var out = [], line = ""
    parts.forEach(function (part) {
      if (line && (line + part).length > LONGEST) {
        out.push(line.trim())
        line = ""
      }
      line += part
    })
    if (line.trim()) out.push(line.trim())
    return byClause ? [].concat.apply([], out.map(function (piece) { return fit(piece, false) })) : out
  }
  /* "Câu 3", "Question 3": the question's label as a listener hears it and the player shows it, whatever
     its case and separator ("CÂU 3:", "Câu 3."). */
  function labelOf(item) {
    var label = item.heading.querySelector(".hd-label")
    var words = label ? label.textContent.replace(/[\s.:)\-–—]+$/, "").trim().toLowerCase() : String(item.number)
    return words.charAt(0).toUpperCase() + words.slice(1)
  }
  function partsOf(item) {
    var question = blocks(item.heading).join(" ")
    var said = [labelOf(item) + ". " + question]
    if (item.answer) blocks(item.answer).forEach(function (text) {
      sentences(text).forEach(function (sentence) { said = said.concat(fit(sentence, true)) })
    })
    return said.filter(Boolean)
  }

  /* The phone's voice for the page's language, one that needs no network first. The list may arrive late
     (Chrome fills it after the page loads): wait for it a little. */
  function pick(voices) {
    var best = null, score = -1
    Array.prototype.forEach.call(voices || [], function (voice) {
      var tag = String(voice.lang || "").toLowerCase().replace("_", "-")
      if (tag !== lang && tag.indexOf(lang + "-") !== 0) return
      var rank = (voice.localService ? 2 : 0) + (voice.default ? 1 : 0)
      if (rank > score) {
        best = voice
        score = rank
      }
    })
    return best
  }
  function withVoice(done) {
    var voices = synth.getVoices()
    if (voices && voices.length) return done(pick(voices))
    var timer = setTimeout(ready, 1500)
    function ready() {
      clearTimeout(timer)
      synth.removeEventListener("voiceschanged", ready)
      done(pick(synth.getVoices()))
    }
    synth.addEventListener("voiceschanged", ready)
  }

  /* The player at the bottom of the screen, and the message shown when the phone has no voice. */
  var dock = reader.dock()
  var player = document.createElement("div")
  player.className = "hd-player"
  player.setAttribute("role", "group")
  player.setAttribute("aria-label", texts.listen_player)
  player.hidden = true
  var status = document.createElement("p")
  status.className = "hd-player__status"
  var controls = document.createElement("div")
  controls.className = "hd-player__controls"
  var pauseButton = reader.button(texts.listen_pause, "hd-button--primary hd-player__pause")
  var stopButton = reader.button(texts.listen_stop, "hd-player__stop")
  controls.appendChild(pauseButton)
  controls.appendChild(stopButton)
  player.appendChild(status)
  player.appendChild(controls)
  var help = document.createElement("div")
  help.className = "hd-listen-help"
  help.hidden = true
  var helpText = document.createElement("div")
  helpText.setAttribute("role", "status")
  var closeButton = reader.button(texts.listen_close, "hd-listen-help__close")
  help.appendChild(helpText)
  help.appendChild(closeButton)
  dock.appendChild(player)
  dock.appendChild(help)

  var voice = null, list = [], index = 0, parts = [], part = 0, session = 0, paused = false
  var current = null, marked = null, opener = null

  function show() {
    var label = labelOf(list[index])
    status.textContent = format(paused ? texts.listen_paused : texts.listen_now, { label: label })
    pauseButton.textContent = paused ? texts.listen_resume : texts.listen_pause
    player.hidden = false
    help.hidden = true
    reader.fitDock()
  }
  function mark(item) {
    if (marked) marked.classList.remove("hd-speaking")
    marked = item ? item.heading : null
    if (!marked) return
    marked.classList.add("hd-speaking")
    var top = marked.getBoundingClientRect().top
    if (top < 0 || top > window.innerHeight / 2) marked.scrollIntoView({ block: "start" })
  }
  function load() {
    var item = list[index]
    parts = partsOf(item)
    part = 0
    mark(item)
    reader.reached(item.number)
    show()
  }
  function speak() {
    var token = ++session
    var utterance = new Utterance(parts[part])
    utterance.voice = voice
    utterance.lang = voice.lang
    utterance.onend = function () { if (token === session) next() }
    // Another app took the speaker, or the engine failed: stop where we are; "Nghe tiếp" says it again.
    utterance.onerror = function () { if (token === session) pause() }
    current = utterance   // held: Chrome drops the events of an utterance nothing refers to
    synth.speak(current)
  }
  function next() {
    if (++part < parts.length) return speak()
    if (++index >= list.length) return stop()
    load()
    speak()
  }
  // Pausing cancels and continuing says the current sentence again: speechSynthesis.pause() does nothing
  // or stops for good on Android, and a sentence heard again from its start is easier to follow.
  function pause() {
    session++
    synth.cancel()
    paused = true
    show()
  }
  function resume() {
    paused = false
    show()
    speak()
  }
  function stop() {
    session++
    synth.cancel()
    current = null
    mark(null)
    player.hidden = true
    reader.fitDock()
    if (opener && document.contains(opener)) opener.focus({ preventScroll: true })
  }
  function play(from, count, control) {
    session++
    synth.cancel()
    opener = control
    withVoice(function (found) {
      if (!found) return noVoice()
      voice = found
      list = items.slice(from, from + count)
      index = 0
      paused = false
      load()
      pauseButton.focus({ preventScroll: true })
      speak()
    })
  }
  function noVoice() {
    helpText.textContent = ""
    ;[texts.listen_no_voice, texts.listen_add_voice].forEach(function (words) {
      var paragraph = document.createElement("p")
      paragraph.textContent = words
      helpText.appendChild(paragraph)
    })
    player.hidden = true
    help.hidden = false
    reader.fitDock()
    closeButton.focus({ preventScroll: true })
  }

  pauseButton.addEventListener("click", function () { if (paused) resume(); else pause() })
  stopButton.addEventListener("click", stop)
  closeButton.addEventListener("click", function () {
    help.hidden = true
    reader.fitDock()
    if (opener && document.contains(opener)) opener.focus({ preventScroll: true })
  })
  window.addEventListener("pagehide", function () { synth.cancel() })

  // in the toolbar from the first paint (partials/hd-toolbar.html), shown where the head script saw speech
  var all = document.querySelector(".hd-toolbar .hd-listen-all")
  if (all) all.addEventListener("click", function () { play(0, items.length, all) })
  items.forEach(function (item, at) {
    var one = reader.button(texts.listen_one, "hd-listen")
    one.addEventListener("click", function () { play(at, 1, one) })
    item.row.appendChild(one)
  })
})()
