// Typeset the math the server marked: <span class="math inline">TeX</span> and
// <span class="math display">TeX</span> (paperwire/lib/math_delimiters.py decides
// what is math; this script never looks for delimiters in text).
//
// Each formula is typeset on its own and any failure stays with it: a formula
// that is too big, or that makes KaTeX throw (a deeply nested one overflows
// the call stack), keeps its TeX source as text and the rest of the page still
// typesets. The TeX arrives HTML-escaped and is read back with textContent, so
// `<` and `&` in formulas are symbols, never markup.
(function () {
  "use strict";

  // KaTeX recurses once per nesting level; about 1,000 levels overflow
  // Chromium's stack. Real formulas stay far below both bounds.
  var MAX_FORMULA_LENGTH = 2000;
  var MAX_NESTING = 100;

  function nestingDepth(tex) {
    var depth = 0;
    var deepest = 0;
    for (var i = 0; i < tex.length; i++) {
      var ch = tex.charAt(i);
      if (ch === "\\") {
        if (tex.startsWith("left", i + 1)) depth += 1;
        else if (tex.startsWith("right", i + 1)) depth -= 1;
        i += 1; // skip the escaped character, e.g. \{ or \}
      } else if (ch === "{") {
        depth += 1;
      } else if (ch === "}") {
        depth -= 1;
      }
      if (depth > deepest) deepest = depth;
    }
    return deepest;
  }

  function keepSource(element, tex, reason) {
    element.textContent = tex;
    element.classList.add("math-source");
    element.title = reason;
  }

  function typeset(element) {
    var tex = element.textContent;
    if (tex.length > MAX_FORMULA_LENGTH || nestingDepth(tex) > MAX_NESTING) {
      keepSource(element, tex, "This formula is too large to typeset.");
      return;
    }
    try {
      katex.render(tex, element, {
        displayMode: element.classList.contains("display"),
        throwOnError: false, // TeX errors show in red in place of the formula
        trust: false,
        maxExpand: 500,
        maxSize: 20,
        strict: "ignore",
      });
    } catch (error) {
      keepSource(element, tex, "This formula could not be typeset.");
    }
  }

  function typesetAll() {
    if (typeof katex === "undefined") return;
    var formulas = document.querySelectorAll("span.math");
    for (var i = 0; i < formulas.length; i++) typeset(formulas[i]);
  }

  document.addEventListener("DOMContentLoaded", typesetAll);
  // Content added later (a comment preview) announces itself with this event.
  document.addEventListener("paperwire:content", function (event) {
    if (typeof katex === "undefined" || !(event.detail instanceof Element)) return;
    var formulas = event.detail.querySelectorAll("span.math");
    for (var i = 0; i < formulas.length; i++) typeset(formulas[i]);
  });
})();
