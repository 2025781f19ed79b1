// Study sessions by the reader's clock (data-hd-ends: when a session ends, ISO 8601 with its offset), so a site
// built long ago never shows stale ones.
// The home page's "Sắp diễn ra" lists the sessions not ended when the site was built: this hides those ended
// since and, when none is left, shows the section's line "none" (with the full schedule's link) in the list's
// place. Loaded right after the section, not deferred: it runs before the page below it is laid out, and nothing
// in the section sits below what it hides (no layout shift).
// The full schedule (data-hd-schedule) lists every session, those ended at the build marked: this marks those
// ended since (data-hd-past shows their word, whose place the page already keeps).
(function () {
  "use strict"
  var now = Date.now()

  function ended(item) {
    var ends = Date.parse(item.getAttribute("data-hd-ends"))
    return !isNaN(ends) && ends <= now
  }

  var section = document.querySelector("[data-hd-upcoming]")
  if (section) {
    var items = section.querySelectorAll("[data-hd-ends]")
    var left = 0
    items.forEach(function (item) {
      item.hidden = ended(item)
      if (!item.hidden) {
        left += 1
      }
    })
    if (items.length && !left) {
      section.querySelectorAll("[data-hd-upcoming-list], [data-hd-upcoming-more]").forEach(function (element) {
        element.hidden = true
      })
      section.querySelector("[data-hd-upcoming-none]").hidden = false
    }
    var note = section.querySelector("[data-hd-upcoming-all]")
    if (note) {
      note.hidden = true
    }
    section.setAttribute("data-hd-ready", "")
  }

  var schedule = document.querySelector("[data-hd-schedule]")
  if (schedule) {
    schedule.querySelectorAll("[data-hd-ends]").forEach(function (item) {
      if (ended(item)) {
        item.setAttribute("data-hd-past", "")
      }
    })
    schedule.setAttribute("data-hd-ready", "")
  }
}())
