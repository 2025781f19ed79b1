// The home page's "Sắp diễn ra": the build lists every session (data-hd-ends: when it ends, ISO 8601 with its
// offset); this keeps those not yet ended by the reader's clock, so a site built long ago never shows stale ones,
// and hides the section when none is left. Loaded right after the section, not deferred: it runs before the page
// below it is laid out (no layout shift).
(function () {
  "use strict"
  var section = document.querySelector("[data-hd-upcoming]")
  if (!section) {
    return
  }
  var now = Date.now()
  var left = 0
  section.querySelectorAll("[data-hd-ends]").forEach(function (item) {
    var ends = Date.parse(item.getAttribute("data-hd-ends"))
    var past = !isNaN(ends) && ends <= now
    item.hidden = past
    if (!past) {
      left += 1
    }
  })
  var all = section.querySelector("[data-hd-upcoming-all]")
  if (all) {
    all.hidden = true
  }
  section.hidden = left === 0
  section.setAttribute("data-hd-ready", "")
}())
