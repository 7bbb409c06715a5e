// Werkcentrum: "Vandaag open tot 16.00 uur" next to the opening hours of an inlooppunt, computed in the browser in
// Dutch time (Europe/Amsterdam), because the page itself is the same for every day. Without this script the page
// shows the hours of the whole week. data-wc-vandaag="kort" shows today instead of the week, "week" today before it.
// Reads data-openingstijden: {"maandag": ["09:00-12:00", ...] | [] | "op afspraak"}.
(() => {
  "use strict";
  const places = document.querySelectorAll("[data-wc-vandaag]");
  if (!places.length) return;
  const parts = new Intl.DateTimeFormat("nl-NL", {
    timeZone: "Europe/Amsterdam",
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date());
  const part = (type) => (parts.find((p) => p.type === type) || {}).value || "";
  const weekday = part("weekday").toLowerCase();
  const now = Number(part("hour")) * 60 + Number(part("minute"));
  const minutes = (time) => {
    const [h, m] = time.split(":");
    return Number(h) * 60 + Number(m);
  };
  const clock = (time) => {
    const [h, m] = time.split(":");
    return `${Number(h)}.${m}`;
  };

  const today = (hours) => {
    if (hours === undefined) return null; // not known: say nothing rather than guess
    if (hours === "op afspraak") return "Vandaag alleen op afspraak";
    if (!Array.isArray(hours) || !hours.length) return "Vandaag gesloten";
    const ranges = hours.map((range) => range.split("-"));
    const open = ranges.find(([from, to]) => now >= minutes(from) && now < minutes(to));
    if (open) return `Nu open, tot ${clock(open[1])} uur`;
    const later = ranges.find(([from]) => now < minutes(from));
    if (later) return `Vandaag open van ${clock(later[0])} tot ${clock(later[1])} uur`;
    return "Vandaag niet meer open";
  };

  for (const place of places) {
    let week;
    try {
      week = JSON.parse(place.dataset.openingstijden || "{}");
    } catch {
      continue;
    }
    const text = today(week[weekday]);
    if (!text) continue;
    const line = document.createElement("strong");
    line.className = "wc-vandaag";
    line.textContent = `${text}.`;
    // "kort": today instead of the week (the first screen of the home page); otherwise today before the week.
    if (place.dataset.wcVandaag === "kort") place.replaceChildren(line);
    else place.prepend(line, " ");
  }
})();
