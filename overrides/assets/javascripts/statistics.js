// The statistics page's sessions: the build counted them held or upcoming by its own date; this recounts each
// plan's row (data-hd-ends: when each session ends, ISO 8601 with its offset) by the reader's clock, updates the
// total row and replaces the note "as of <build date>", so a site built long ago never shows stale counts.
(function () {
  "use strict"
  var section = document.querySelector("[data-hd-sessions]")
  if (!section) {
    return
  }
  var now = Date.now()
  var separator = document.documentElement.lang === "en" ? "," : "."
  function written(count) {   // thousands grouped as the build writes them (hoidap.site.statistics.number)
    return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, separator)
  }
  var totalHeld = 0
  var totalComing = 0
  section.querySelectorAll("tr[data-hd-ends]").forEach(function (row) {
    var held = 0
    var coming = 0
    row.getAttribute("data-hd-ends").split(" ").forEach(function (stamp) {
      var ends = Date.parse(stamp)
      if (!isNaN(ends) && ends <= now) {
        held += 1
      } else if (stamp) {
        coming += 1
      }
    })
    row.querySelector("[data-hd-held]").textContent = written(held)
    row.querySelector("[data-hd-coming]").textContent = written(coming)
    totalHeld += held
    totalComing += coming
  })
  var total = section.querySelector("[data-hd-total]")
  if (total) {
    var cells = total.querySelectorAll("td")
    cells[1].textContent = written(totalHeld)
    cells[2].textContent = written(totalComing)
  }
  var note = section.querySelector("[data-hd-as-of]")
  if (note) {
    note.textContent = note.getAttribute("data-hd-reader")
  }
  section.setAttribute("data-hd-ready", "")
}())
