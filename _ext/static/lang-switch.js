// One language switch (reader_ui.py): the reader picks 한국어 or English once, in the header.
// Every prose block is a sphinx-design tab-set with `:sync-group: lang`; this script drives sphinx-design's own
// sync (a `change` event on one tab's radio input updates every tab-set and stores the choice in localStorage
// under sphinx-design's key), so the choice holds on this page and on later pages, and `?lang=en` works.
(function () {
  "use strict";
  const GROUP = "lang";
  const KEY = "sphinx-design-tab-id-" + GROUP; // sphinx-design's own storage key
  const LANGS = ["ko", "en"];
  const root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (err) { return null; }
  }
  function store(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (err) { /* persistence unavailable */ }
  }
  function chosen() {
    const param = new URLSearchParams(window.location.search).get(GROUP);
    if (LANGS.includes(param)) return param;
    const saved = stored();
    return LANGS.includes(saved) ? saved : "ko";
  }
  function show(lang) {
    root.lang = lang;
    root.dataset.bookLang = lang;
    document.querySelectorAll(".lang-switch-btn").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
    });
  }
  function choose(lang) {
    const label = document.querySelector(
      `.sd-tab-label[data-sync-group="${GROUP}"][data-sync-id="${lang}"]`);
    const input = label && document.getElementById(label.getAttribute("for"));
    if (input instanceof HTMLInputElement) {
      input.checked = true;
      input.dispatchEvent(new Event("change")); // sphinx-design syncs the other tab-sets and stores it
    }
    store(lang); // also on pages without tab-sets (search, index)
    show(lang);
    window.dispatchEvent(new Event("resize")); // the newly shown prose: wide inline formulas (hangul-math.js)
  }

  root.classList.add("lang-switch-ready"); // the CSS hides the per-block tab labels only when this runs
  const first = chosen();
  if (new URLSearchParams(window.location.search).get(GROUP) === first) store(first);
  show(first);
  document.addEventListener("DOMContentLoaded", () => {
    show(chosen());
    document.querySelectorAll(".lang-switch-btn").forEach((button) => {
      button.addEventListener("click", () => choose(button.dataset.lang));
    });
  });
})();
