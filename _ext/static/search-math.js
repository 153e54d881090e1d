// Search results (reader_ui.py): Sphinx shows each hit's summary as plain text cut from the page, so a formula reads
// as raw TeX (\(\alpha\)). The search page loads the local MathJax too, and this typesets the summaries as they come.
// A summary cut inside a formula starts with its tail ("...-1}\)") or ends with its head: those pieces are dropped.
(function () {
  "use strict";
  const PAIRS = [["\\(", "\\)"], ["\\[", "\\]"]];

  function textNodes(el) {
    const nodes = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    return nodes;
  }

  // Drop a formula's tail at the start of a summary and a formula's head at its end.
  function trimCutFormulas(summary) {
    for (const [open, close] of PAIRS) {
      let nodes = textNodes(summary);
      for (let i = 0; i < nodes.length; i++) {
        const o = nodes[i].data.indexOf(open), c = nodes[i].data.indexOf(close);
        if (c >= 0 && (o < 0 || c < o)) { // a closing delimiter before any opening one
          nodes.slice(0, i).forEach((n) => { n.data = ""; });
          nodes[i].data = "…" + nodes[i].data.slice(c + close.length);
          break;
        }
        if (o >= 0) break;
      }
      nodes = textNodes(summary);
      for (let i = nodes.length - 1; i >= 0; i--) {
        const o = nodes[i].data.lastIndexOf(open), c = nodes[i].data.lastIndexOf(close);
        if (o >= 0 && o > c) { // an opening delimiter after the last closing one
          nodes.slice(i + 1).forEach((n) => { n.data = ""; });
          nodes[i].data = nodes[i].data.slice(0, o) + "…";
          break;
        }
        if (c >= 0) break;
      }
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const results = document.getElementById("search-results");
    if (!results) return;
    let timer = null;
    const observer = new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(typeset, 50);
    });
    const watch = () => observer.observe(results, { childList: true, subtree: true });
    function typeset() {
      if (!(window.MathJax && MathJax.typesetPromise)) {
        timer = setTimeout(typeset, 100); // MathJax is still loading
        return;
      }
      observer.disconnect(); // our own and MathJax's changes must not start another round
      results.querySelectorAll("p.context:not([data-math-trimmed])").forEach((summary) => {
        trimCutFormulas(summary);
        summary.dataset.mathTrimmed = "";
      });
      MathJax.typesetPromise([results])
        .catch((err) => console.warn("MathJax:", err))
        .finally(watch);
    }
    watch();
  });
})();
