// Meldingen (notices) of a region: shown from 'van' to 'tot' (inclusive), decided here for today's date in the
// Netherlands. The sites are built reproducibly and not every day, so the build cannot know today's date.
// Without this script every notice stays visible with its dates in the text.
(function () {
  "use strict";
  var today = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Amsterdam",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  document.querySelectorAll(".wc-melding[data-tot]").forEach(function (notice) {
    var from = notice.getAttribute("data-van");
    notice.hidden = (from && today < from) || today > notice.getAttribute("data-tot");
  });
  document.querySelectorAll(".wc-meldingen").forEach(function (box) {
    box.hidden = !box.querySelector(".wc-melding:not([hidden])");
  });
})();
