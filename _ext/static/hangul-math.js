// Hangul inside formulas (reader_ui.py): MathJax draws a character its TeX fonts lack (\text{편향}) in "MJXZERO,
// serif", and a machine without a Korean serif font shows nothing there. reader.css points those characters at the
// book's own Hangul web font; MathJax measured their width when it typeset the page, so once that font has loaded
// the formulas holding Hangul are laid out again with the right widths.
// Also: an inline formula wider than its line (phones) scrolls sideways in its own box instead of being cut off.
(function () {
  "use strict";
  function fitWideInlineMath() {
    document.querySelectorAll('mjx-container[jax="CHTML"]:not([display="true"])').forEach((math) => {
      math.classList.remove("wide-inline-math");
      const block = math.parentElement && math.parentElement.closest("p, li, dd, td, th, div, section");
      if (block && math.getBoundingClientRect().width > block.clientWidth) math.classList.add("wide-inline-math");
    });
  }
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(fitWideInlineMath, 100);
  });
  const fontLoaded = document.fonts && document.fonts.load
    ? document.fonts.load('1em "Book Hangul"', "한").catch(() => null) : Promise.resolve();
  document.addEventListener("DOMContentLoaded", () => {
    const mathjax = () => window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (!document.querySelector('script[src*="mathjax"]')) return;
    const wait = (resolve) => (mathjax() ? resolve() : setTimeout(() => wait(resolve), 50));
    new Promise(wait).then(() => {
      const startup = window.MathJax.startup;
      startup.promise = Promise.all([startup.promise, fontLoaded]).then(() => {
        const hangul = [...document.querySelectorAll("mjx-utext")].some((el) => /[\uac00-\ud7a3]/.test(el.textContent));
        if (hangul) startup.document.rerender();
        fitWideInlineMath();
      });
    });
  });
})();
