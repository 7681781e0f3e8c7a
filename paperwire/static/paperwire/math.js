// Typeset $…$ / $$…$$ / \(…\) in abstracts and comments with the vendored KaTeX.
// Text reaches the page HTML-escaped; KaTeX reads the text nodes, so `<` and
// `&` in formulas render as symbols and never as markup.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof renderMathInElement !== "function") return;
  document.querySelectorAll("[data-math]").forEach(function (element) {
    renderMathInElement(element, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false },
      ],
      throwOnError: false,
      trust: false,
    });
  });
});
