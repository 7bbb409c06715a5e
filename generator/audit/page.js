// Checks that run inside each audited page, next to axe-core. Injected as an init script, so a strict
// Content-Security-Policy cannot block them. Everything is read from computed style: what the browser shows.
(() => {
  "use strict";

  // A short, stable CSS path that names an element in the report (like axe's "target").
  function selector(el) {
    const parts = [];
    for (let node = el; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
      if (node.id) {
        parts.unshift("#" + CSS.escape(node.id));
        break;
      }
      let part = node.localName;
      const classes = [...node.classList].filter((c) => c !== "focus-visible").slice(0, 2);
      if (classes.length) part += "." + classes.map((c) => CSS.escape(c)).join(".");
      parts.unshift(part);
    }
    return parts.join(" > ");
  }

  function describe(el) {
    const label = el.getAttribute("aria-label") || el.getAttribute("title") || el.innerText || el.value || "";
    const text = label.replace(/\s+/g, " ").trim().slice(0, 60);
    return text ? `${selector(el)} ("${text}")` : selector(el);
  }

  // "rgb(175, 97, 0)" for any CSS colour, so colours from tokens compare with computed style.
  function rgb(color) {
    const probe = document.createElement("span");
    probe.style.color = color;
    document.documentElement.appendChild(probe);
    const value = getComputedStyle(probe).color;
    probe.remove();
    return value;
  }

  function focusColor() {
    const token = getComputedStyle(document.documentElement).getPropertyValue("--werkcentrum-color-focus").trim();
    return token ? rgb(token) : null;
  }

  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

  function finishAnimations() {
    // Material animates the skip link, the drawer, the search and the header title: judge the end state, not a
    // frame halfway. getAnimations() first brings style up to date, so transitions that a focus change starts
    // exist; finishing a CSS transition through the Web Animations API jumps to its end at once.
    for (const animation of document.getAnimations()) {
      try {
        animation.finish();
      } catch (error) {
        // an endless animation cannot finish; it is decoration, not the focus ring
      }
    }
  }

  async function settle() {
    // After scrolling, Material starts transitions (the header title) a frame or two later.
    await frame();
    await frame();
    finishAnimations();
    await frame();
  }

  function hiddenBy(el) {
    // An element is invisible when it, or a clipping ancestor, is out of sight.
    const rect = el.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return "het element heeft geen afmeting";
    if (rect.right <= 0 || rect.bottom <= 0 || rect.left >= innerWidth || rect.top >= innerHeight) {
      return "het element staat buiten beeld";
    }
    const style = getComputedStyle(el);
    if (style.visibility !== "visible") return "het element is onzichtbaar (visibility)";
    let opacity = 1;
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const s = getComputedStyle(node);
      opacity *= parseFloat(s.opacity);
      // The root's overflow belongs to the viewport, not to its own (one screen high) box.
      const root = node === document.documentElement || node === document.body;
      if (node !== el && !root && s.overflow !== "visible") {
        const box = node.getBoundingClientRect();
        if (rect.right <= box.left || rect.left >= box.right || rect.bottom <= box.top || rect.top >= box.bottom) {
          return "het element valt buiten een omringend blok (overflow)";
        }
      }
    }
    if (opacity < 0.1) return "het element is doorzichtig (opacity)";
    return null;
  }

  function indicator(el, color) {
    // A focus ring counts when it has a width and, if the site has a focus token, uses that colour.
    const s = getComputedStyle(el);
    const width = parseFloat(s.outlineWidth) || 0;
    const outline = s.outlineStyle !== "none" && width > 0 && !/rgba\(.*, 0\)$/.test(s.outlineColor);
    const shadow = s.boxShadow && s.boxShadow !== "none";
    const ring = { outline: outline ? `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : "geen", shadow: s.boxShadow };
    if (!outline && !shadow) return { ok: false, ring, why: "er is geen focusrand (outline of box-shadow)" };
    if (color && !(outline && s.outlineColor === color) && !(shadow && s.boxShadow.includes(color))) {
      return { ok: false, ring, why: `de focusrand heeft niet de focuskleur ${color}` };
    }
    return { ok: true, ring };
  }

  // Content-Security-Policy reports: what the browser refused to load or run, with the address it was after.
  let policy = [];
  window.addEventListener(
    "securitypolicyviolation",
    (event) => {
      policy.push({
        url: event.blockedURI,
        directive: event.effectiveDirective || event.violatedDirective,
        source: event.sourceFile ? `${event.sourceFile}:${event.lineNumber}` : "",
        sample: event.sample || "",
      });
    },
    true,
  );

  let seen = new WeakSet(); // elements the focus walk has visited: a second visit means the tab order went round
  let log = null; // what each focus change looked like, while a focus walk runs

  function judge(el) {
    finishAnimations();
    const why = hiddenBy(el);
    const ring = indicator(el, focusColor());
    const repeat = seen.has(el);
    seen.add(el);
    return { element: describe(el), repeat, problem: why || (ring.ok ? null : ring.why), ring: ring.ring };
  }

  // Judged at the moment the focus arrives (after Material's own focus handlers, which run on "focus"), so the
  // audit can press Tab many times in a row and read the log once.
  document.addEventListener(
    "focusin",
    (event) => {
      if (log && event.target instanceof Element) log.push(judge(event.target));
    },
    true,
  );

  window.__werkcentrumAudit = {
    // The element that has keyboard focus now, judged for visibility and a focus ring in the focus colour.
    focused() {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      return judge(el);
    },

    takePolicyLog() {
      const out = policy;
      policy = [];
      return out;
    },

    startFocusLog() {
      log = [];
    },

    takeFocusLog() {
      const out = log || [];
      log = null;
      return out;
    },

    // Privacy: what the page left behind in the browser (the privacy page promises: nothing).
    storage() {
      const keys = (store) => Array.from({ length: store.length }, (_, i) => store.key(i));
      return { cookies: document.cookie, local: keys(localStorage), session: keys(sessionStorage) };
    },

    // Back to the state of a freshly opened page without reloading it: menu and search closed, nothing focused,
    // scrolled to the top, and the next Tab going to the first focusable element.
    async restart() {
      seen = new WeakSet();
      for (const id of ["__drawer", "__search"]) {
        const toggle = document.getElementById(id);
        if (toggle && toggle.checked) toggle.click();
      }
      if (document.activeElement) document.activeElement.blur();
      window.scrollTo(0, 0);
      const start = document.createElement("span");
      start.tabIndex = -1;
      document.body.prepend(start);
      start.focus({ preventScroll: true });
      start.remove();
      await settle();
    },

    // WCAG 1.4.10: at 320 CSS px nothing may make the page scroll sideways; name what sticks out: a box, or
    // text wider than its box (a long word), leaving out what a scrolling box (a wide table) keeps inside.
    reflow(width) {
      const scrollWidth = document.documentElement.scrollWidth;
      const wide = [];
      if (scrollWidth > width) {
        const clipped = (el) => {
          for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
            if (getComputedStyle(node).overflowX !== "visible") return true;
          }
          return false;
        };
        const sticksOut = (el) => {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) return false;
          const text = getComputedStyle(el).overflowX === "visible" ? r.left + el.scrollWidth : r.right;
          return Math.max(r.right, text) > width + 1 && !clipped(el);
        };
        const found = [...document.body.querySelectorAll("*")].filter(sticksOut);
        for (const el of found) {
          if (!found.some((other) => other !== el && el.contains(other))) wide.push(describe(el));
          if (wide.length >= 3) break;
        }
      }
      return { scrollWidth, wide };
    },
  };
})();
