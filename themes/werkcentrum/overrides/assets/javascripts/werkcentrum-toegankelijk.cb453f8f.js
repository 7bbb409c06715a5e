// Werkcentrum: keyboard and screen-reader fixes for the parts of Material for MkDocs that need JavaScript anyway
// (menu drawer, search, wide tables). Material's templates have no block for these, and copying its partials
// would freeze them at one Material version. Found by `werkcentrum audit`; the theme CSS has the other half.
(() => {
  "use strict";

  // Material draws the menu and search buttons as <label for="checkbox">: no keyboard access, no name, no state,
  // and ARIA cannot make a label a button. Real buttons take their place; without JavaScript the labels stay.
  const names = { __drawer: "Menu", __search: "Zoeken" };
  for (const [id, name] of Object.entries(names)) {
    const toggle = document.getElementById(id);
    const label = document.querySelector(`.md-header label.md-header__button[for="${id}"]`);
    if (!toggle || !label) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    button.dataset.wcToggle = id;
    button.setAttribute("aria-label", name);
    button.setAttribute("aria-expanded", String(toggle.checked));
    button.append(...label.childNodes);
    label.replaceWith(button);
    button.addEventListener("click", () => {
      toggle.click();
      if (id === "__search" && toggle.checked) {
        const query = document.querySelector(".md-search__input");
        if (query) query.focus();
      }
    });
    // Material switches the checkbox with click(), so "change" always fires. When the search or menu closes
    // while the focus was in it, the focus goes back to the button instead of to the top of the page.
    const panel = id === "__search" ? document.querySelector(".md-search") : document.querySelector(".md-sidebar--primary");
    toggle.addEventListener("change", () => {
      button.setAttribute("aria-expanded", String(toggle.checked));
      if (toggle.checked) return;
      // After Material's own handlers: it blurs the search field after closing.
      requestAnimationFrame(() => {
        const focus = document.activeElement;
        const lost = !focus || focus === document.body || (panel && panel.contains(focus));
        if (lost && button.getClientRects().length) button.focus();
      });
    });
  }

  // The open menu gets the focus; Escape closes it and gives the focus back to the menu button.
  const drawer = document.getElementById("__drawer");
  const menuButton = document.querySelector('.md-header [data-wc-toggle="__drawer"]');
  const menu = document.querySelector(".md-sidebar--primary");
  if (drawer && menuButton && menu) {
    menuButton.addEventListener("click", () => {
      if (!drawer.checked) return;
      requestAnimationFrame(() => {
        // The first menu link that takes the focus (Material hides the link of the current page in the drawer).
        for (const link of menu.querySelectorAll(".md-nav--primary > .md-nav__list a[href]")) {
          link.focus();
          if (document.activeElement === link) break;
        }
      });
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && drawer.checked) {
        drawer.click();
        menuButton.focus();
      }
    });
  }

  // The search box is a dialog without a name. Its result list had a Tab stop, but Material closes the search on
  // Tab (the arrow keys move through the results), so that stop was invisible.
  for (const dialog of document.querySelectorAll(".md-search[role=dialog]")) dialog.setAttribute("aria-label", "Zoeken");
  for (const wrap of document.querySelectorAll(".md-search__scrollwrap")) wrap.setAttribute("tabindex", "-1");

  // A button that opens the search (on the 404 page); without JavaScript it stays hidden, the search box stays.
  for (const button of document.querySelectorAll("[data-wc-zoeken]")) {
    const toggle = document.getElementById("__search");
    if (!toggle) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      if (!toggle.checked) toggle.click();
      const query = document.querySelector(".md-search__input");
      if (query) query.focus();
    });
  }

  // "Geen resultaten" says for which words: the visitor sees at once what to change.
  const meta = document.querySelector(".md-search-result__meta");
  const input = document.querySelector(".md-search__input");
  if (meta && input) {
    const none = "Geen resultaten";
    new MutationObserver(() => {
      const words = input.value.trim();
      if (meta.textContent.trim() === none && words) meta.textContent = `${none} voor “${words}”`;
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  // A table wider than the page scrolls in its own box: keyboard users must be able to reach that box.
  const scrollable = (wrap) => {
    const table = wrap.querySelector("table");
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const caption = table && table.caption ? table.caption.textContent.trim() : "";
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? `Tabel: ${caption}` : "Tabel, scroll opzij voor meer kolommen");
    } else if (wrap.getAttribute("role") === "region") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  };
  const watch = () => {
    const wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    if (!wraps.length) return;
    const observer = new ResizeObserver((entries) => entries.forEach((entry) => scrollable(entry.target)));
    wraps.forEach((wrap) => observer.observe(wrap));
  };
  // Material wraps the tables when the document is ready; this file runs after Material's bundle.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
