// Hangul inside formulas (reader_ui.py): MathJax draws a character its TeX fonts lack (\text{편향}) in "MJXZERO,
// serif", and a machine without a Korean serif font shows nothing there. reader.css points those characters at the
// book's own Hangul web font; MathJax measured their width when it typeset the page, so once that font has loaded
// the formulas holding Hangul are laid out again with the right widths.
(function () {
  "use strict";
  if (!document.fonts || !document.fonts.load) return;
  const fontLoaded = document.fonts.load('1em "Book Hangul"', "한");
  document.addEventListener("DOMContentLoaded", () => {
    const mathjax = () => window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (!document.querySelector('script[src*="mathjax"]')) return;
    const wait = (resolve) => (mathjax() ? resolve() : setTimeout(() => wait(resolve), 50));
    new Promise(wait).then(() => {
      const startup = window.MathJax.startup;
      startup.promise = Promise.all([startup.promise, fontLoaded]).then(() => {
        const hangul = [...document.querySelectorAll("mjx-utext")].some((el) => /[\uac00-\ud7a3]/.test(el.textContent));
        if (hangul) startup.document.rerender();
      });
    });
  });
})();
