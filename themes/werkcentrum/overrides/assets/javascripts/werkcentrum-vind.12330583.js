// Vind je Werkcentrum: the finder on the national site, as progressive enhancement of a plain GET form.
// Without this script the form opens the A-Z list of all gemeenten. With it, the field becomes an ARIA 1.2
// combobox: suggestions while you type, arrow keys and Enter to choose, and a choice goes straight to the
// region's site. A name with more than one gemeente ("Bergen") gives a list of links; results are announced.
// The data (gemeenten.json) comes from the site itself; the search keys in it are made by generator/gemeenten.py.
(function () {
  "use strict";
  // The map: show the name of the region under the pointer or the keyboard focus (screen readers get the
  // link's own name from its <title>; this line is for eyes, and hidden from assistive technology).
  // Listeners go on the figure: Chromium puts an <svg> with its own listeners in the tab order.
  var map = document.querySelector(".wc-kaart");
  var label = document.querySelector(".wc-kaart__naam");
  if (map && map.querySelector("svg a") && label) {
    var name = function (event) {
      var link = event.target.closest && event.target.closest("a");
      label.textContent = link && link.querySelector("title") ? link.querySelector("title").textContent : "";
    };
    map.addEventListener("focusin", name);
    map.addEventListener("mouseover", name);
    map.addEventListener("focusout", function () { label.textContent = ""; });
    map.addEventListener("mouseleave", function () { label.textContent = ""; });
  }

  var form = document.querySelector("form.wc-vind");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=gemeente]");
  var list = form.querySelector("[role=listbox]");
  var outcome = form.querySelector("[role=status]");
  var data = null;
  var loading = null;
  var shown = [];
  var active = -1;
  var MAX = 8;

  // The same rule as key() in generator/gemeenten.py: no case, accents, spaces or punctuation.
  function key(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-gegevens"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (json) {
          data = json;
          return json;
        });
      loading.catch(function () {
        loading = null;
      });
    }
    return loading;
  }

  // Best first: the same name, a name that starts with it, a word that starts with it, a name that contains it.
  function find(query) {
    var q = key(query);
    if (!q) return [];
    var found = [];
    data.gemeenten.forEach(function (g, order) {
      var rank = -1;
      if (g.namen.indexOf(q) >= 0) rank = 0;
      else if (g.namen.some(function (k) { return k.indexOf(q) === 0; })) rank = 1;
      else if (g.woorden.some(function (w) { return w.indexOf(q) === 0; })) rank = 2;
      else if (g.namen.some(function (k) { return k.indexOf(q) > 0; })) rank = 3;
      if (rank >= 0) found.push({ rank: rank, order: order, gemeente: g });
    });
    found.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
    return found;
  }

  // A region without a site in this build has no entry: its gemeenten are found, but lead nowhere yet.
  function region(g) {
    return data.regios[g.regio] || null;
  }

  function go(g) {
    if (region(g)) window.location.assign(region(g).url);
    else say(g.naam + ": de website van dit Werkcentrum komt er nog.");
  }

  function say(text) {
    outcome.textContent = text;
  }

  function hidden(text) {
    var span = document.createElement("span");
    span.className = "wc-verborgen";
    span.textContent = text;
    return span;
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    shown = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function suggest() {
    close();
    if (!key(input.value)) {
      say("");
      return;
    }
    var found = find(input.value);
    shown = found.slice(0, MAX).map(function (f) { return f.gemeente; });
    shown.forEach(function (g, i) {
      var option = document.createElement("li");
      option.id = "vind-optie-" + i;
      option.className = "wc-vind__optie";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var name = document.createElement("span");
      name.className = "wc-vind__naam";
      name.textContent = g.naam;
      var where = document.createElement("span");
      where.className = "wc-vind__regio";
      where.textContent = region(g) ? region(g).naam : "de website komt er nog";
      option.append(name, hidden(", "), where);
      option.addEventListener("click", function () { go(g); });
      list.appendChild(option);
    });
    list.hidden = shown.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    if (!found.length) say("Geen gemeente gevonden. Controleer de naam, of kies je gemeente in de lijst van A tot Z.");
    else if (found.length === 1 && region(found[0].gemeente)) say("1 gemeente gevonden. Druk op Enter om naar " + region(found[0].gemeente).naam + " te gaan.");
    else if (found.length === 1) say("1 gemeente gevonden.");
    else say(found.length + " gemeenten gevonden. Kies er een met de pijltjestoetsen en Enter.");
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", String(i === active));
    });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  // After submitting (or arriving on the A-Z page with ?gemeente=): go when the name is clear, else list links.
  function decide(navigate) {
    var found = find(input.value);
    var same = found.filter(function (f) { return f.rank === 0; });
    var choice = same.length === 1 ? same : found.length === 1 ? found : null;
    close();
    if (choice && navigate) {
      go(choice[0].gemeente);
      return;
    }
    outcome.textContent = "";
    if (!found.length) {
      say("Geen gemeente gevonden met de naam '" + input.value.trim() + "'. Kies je gemeente in de lijst van A tot Z.");
      return;
    }
    var options = (choice || (same.length ? same : found)).slice(0, MAX);
    var intro = document.createElement("p");
    intro.textContent = options.length === 1 ? "Dit is jouw Werkcentrum:" : "Welke gemeente bedoel je?";
    var links = document.createElement("ul");
    options.forEach(function (f) {
      var item = document.createElement("li");
      var where = region(f.gemeente);
      if (where) {
        var link = document.createElement("a");
        link.href = where.url;
        link.textContent = f.gemeente.naam + ": " + where.naam;
        item.appendChild(link);
      } else {
        item.textContent = f.gemeente.naam + ": de website van dit Werkcentrum komt er nog.";
      }
      links.appendChild(item);
    });
    outcome.append(intro, links);
  }

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  input.addEventListener("focus", function () { load().catch(function () {}); });
  input.addEventListener("input", function () {
    load().then(suggest, function () {});
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden && data) suggest();
      if (!list.hidden) {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : active < 0 ? 0 : -1));
      }
    } else if (event.key === "Enter" && active >= 0 && shown[active]) {
      event.preventDefault();
      go(shown[active]);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
        say("");
      }
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load().then(
      function () { decide(true); },
      function () { form.submit(); } // no data: the plain form still works
    );
  });

  var asked = new URLSearchParams(window.location.search).get("gemeente");
  if (asked) {
    input.value = asked;
    load().then(function () { decide(false); }, function () {});
  }
})();
