/* Quizzes (partials/quiz.html): one question at a time or all at once, options shuffled, a check per
   question, a score at the end with each explanation and a link back to the booklet, the best score
   kept on the phone. Loaded only by pages with a quiz; without it the page lists questions and answers. */
(function () {
  "use strict"
  var BEST_KEY = "hoidap:trac-nghiem:"

  // The shared helpers come from reader.js, which every page loads before this script (both deferred).
  var reader = window.HoidapReader
  var read = reader.read, write = reader.write, format = reader.format
  function shuffle(list) {
    var items = Array.prototype.slice.call(list.children)
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), swap = items[i]
      items[i] = items[j]
      items[j] = swap
    }
    items.forEach(function (item) { list.appendChild(item) })
  }
  function byIndex(list) {
    Array.prototype.slice.call(list.children)
      .sort(function (a, b) { return Number(a.dataset.i) - Number(b.dataset.i) })
      .forEach(function (item) { list.appendChild(item) })
  }

  function setup(quiz) {
    var texts = JSON.parse((quiz.querySelector(".hd-quiz__texts") || {}).textContent || "{}")
    var questions = Array.prototype.slice.call(quiz.querySelectorAll(".hd-quiz__question"))
    var result = quiz.querySelector(".hd-quiz__result")
    var bestLine = quiz.querySelector(".hd-quiz__best")
    var storeKey = BEST_KEY + quiz.dataset.hdQuiz
    var orders = []

    function best() {
      try { return JSON.parse(read(storeKey) || "null") } catch (e) { return null }
    }
    function showBest() {
      var saved = best()
      bestLine.textContent = saved ? format(texts.quiz_best, saved) : ""
    }
    function mode() { return quiz.dataset.mode }
    function current(index) {
      questions.forEach(function (question, at) { question.classList.toggle("hd-quiz__question--current", at === index) })
    }
    function isRight(question) {
      return Array.prototype.every.call(question.querySelectorAll(".hd-quiz__option"), function (option) {
        return option.querySelector("input").checked === option.hasAttribute("data-correct")
      })
    }
    function answered(question) { return question.querySelector("input:checked") !== null }

    function check(question, quiet) {
      var feedback = question.querySelector(".hd-quiz__feedback")
      if (!answered(question) && !quiet) {
        feedback.textContent = texts.quiz_pick
        return false
      }
      var right = isRight(question)
      question.classList.add("hd-quiz__question--checked")
      question.dataset.right = right ? "1" : "0"
      question.querySelectorAll("input").forEach(function (input) {
        input.disabled = true
        input.closest(".hd-quiz__option").classList.toggle("hd-quiz__option--picked", input.checked)
      })
      feedback.className = "hd-quiz__feedback hd-quiz__js hd-screen-only hd-quiz__feedback--" + (right ? "right" : "wrong")
      feedback.textContent = !answered(question) ? texts.quiz_unanswered : right ? texts.quiz_right : texts.quiz_wrong
      question.querySelector("[data-hd-quiz-check]").hidden = true
      var next = question.querySelector("[data-hd-quiz-next]")
      next.hidden = mode() !== "one"
      if (!quiet && mode() === "one") next.focus()
      return true
    }

    function finish() {
      questions.forEach(function (question) {
        if (!question.classList.contains("hd-quiz__question--checked")) check(question, true)
      })
      var score = questions.filter(function (question) { return question.dataset.right === "1" }).length
      var total = questions.length
      var saved = best()
      if (!saved || score > saved.score || saved.total !== total) write(storeKey, JSON.stringify({ score: score, total: total }))
      quiz.classList.add("hd-quiz--done")
      result.querySelector(".hd-quiz__score").textContent = format(texts.quiz_score, { score: score, total: total })
      result.querySelector(".hd-quiz__best-after").textContent = format(texts.quiz_best, best() || { score: score, total: total })
      var summary = result.querySelector(".hd-quiz__summary")
      summary.textContent = ""
      questions.forEach(function (question) {
        var item = document.createElement("li")
        var right = question.dataset.right === "1"
        item.className = "hd-quiz__summary-item hd-quiz__summary-item--" + (right ? "right" : "wrong")
        var verdict = document.createElement("a")
        verdict.href = "#" + question.id
        verdict.textContent = (right ? texts.quiz_right : texts.quiz_wrong) + " " +
          question.querySelector(".hd-quiz__text").textContent.trim()
        item.appendChild(verdict)
        var explain = question.querySelector(".hd-quiz__explain")
        if (explain) {
          var copy = document.createElement("p")
          copy.className = "hd-quiz__summary-explain"
          copy.innerHTML = explain.innerHTML
          item.appendChild(copy)
        }
        var back = explain && explain.querySelector("a[href*='#cau-']")
        if (back) {
          var link = document.createElement("a")
          link.className = "hd-quiz__back"
          link.href = back.getAttribute("href")
          link.textContent = texts.quiz_back
          var line = document.createElement("p")
          line.appendChild(link)
          item.appendChild(line)
        }
        summary.appendChild(item)
      })
      result.hidden = false
      showBest()
      result.focus()
    }

    function restart() {
      quiz.classList.remove("hd-quiz--done")
      result.hidden = true
      questions.forEach(function (question, at) {
        question.classList.remove("hd-quiz__question--checked")
        delete question.dataset.right
        question.querySelectorAll("input").forEach(function (input) { input.checked = false; input.disabled = false })
        question.querySelectorAll(".hd-quiz__option").forEach(function (option) { option.classList.remove("hd-quiz__option--picked") })
        var feedback = question.querySelector(".hd-quiz__feedback")
        feedback.className = "hd-quiz__feedback hd-quiz__js hd-screen-only"
        feedback.textContent = ""
        question.querySelector("[data-hd-quiz-check]").hidden = false
        question.querySelector("[data-hd-quiz-next]").hidden = true
        shuffle(question.querySelector(".hd-quiz__options"))
        orders[at] = null
      })
      current(0)
      var first = questions[0] && questions[0].querySelector("input")
      if (first) first.focus()
    }

    quiz.addEventListener("change", function (event) {
      if (event.target.name !== "hd-quiz-mode") return
      quiz.dataset.mode = event.target.value
      questions.forEach(function (question) {
        var next = question.querySelector("[data-hd-quiz-next]")
        next.hidden = event.target.value !== "one" || !question.classList.contains("hd-quiz__question--checked")
      })
    })
    quiz.addEventListener("click", function (event) {
      var control = event.target.closest("button")
      if (!control || !quiz.contains(control)) return
      var question = control.closest(".hd-quiz__question")
      if (control.hasAttribute("data-hd-quiz-check")) check(question, false)
      else if (control.hasAttribute("data-hd-quiz-next")) {
        var at = questions.indexOf(question)
        if (at + 1 < questions.length) {
          current(at + 1)
          var input = questions[at + 1].querySelector("input")
          if (input) input.focus()
        } else finish()
      } else if (control.hasAttribute("data-hd-quiz-finish")) finish()
      else if (control.hasAttribute("data-hd-quiz-again")) restart()
      else if (control.dataset.hdQuizPrint) printPart(control.dataset.hdQuizPrint)
    })

    /* Printed in the authored order, so the key's letters A, B, C… match the sheet. */
    window.addEventListener("beforeprint", function () {
      questions.forEach(function (question, at) {
        var list = question.querySelector(".hd-quiz__options")
        orders[at] = Array.prototype.slice.call(list.children)
        byIndex(list)
      })
    })
    window.addEventListener("afterprint", function () {
      questions.forEach(function (question, at) {
        var list = question.querySelector(".hd-quiz__options")
        if (orders[at]) orders[at].forEach(function (item) { list.appendChild(item) })
      })
      if (!/[?&]in=(dap-an|de-thi)\b/.test(location.search)) setPrint("")
    })

    questions.forEach(function (question) { shuffle(question.querySelector(".hd-quiz__options")) })
    showBest()
  }

  function setPrint(part) {
    var root = document.documentElement
    root.classList.toggle("hd-print-sheet", part === "de-thi")
    root.classList.toggle("hd-print-key", part === "dap-an")
  }
  function printPart(part) {
    setPrint(part)
    window.print()
  }

  var wanted = /[?&]in=(dap-an|de-thi)\b/.exec(location.search)
  if (wanted) setPrint(wanted[1])
  document.querySelectorAll(".hd-quiz[data-hd-quiz]").forEach(setup)
})()
