// Compact or detailed paper cards, remembered per browser (localStorage).
// Loaded in <head> without defer so the remembered choice applies before the
// first paint; the buttons are wired once the page is parsed.
(function () {
  "use strict";
  var KEY = "paperwire.cards";
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "compact" ? "compact" : "detailed";
    } catch (e) {
      return "detailed"; // storage refused (private mode, policy): the default
    }
  }

  function apply(mode) {
    root.setAttribute("data-cards", mode);
    document.querySelectorAll("[data-card-mode]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-card-mode") === mode));
    });
  }

  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
    document.querySelectorAll("[data-card-switch]").forEach(function (group) {
      group.hidden = false;
    });
    document.querySelectorAll("[data-card-mode]").forEach(function (button) {
      button.addEventListener("click", function () {
        var mode = button.getAttribute("data-card-mode") === "compact" ? "compact" : "detailed";
        try {
          window.localStorage.setItem(KEY, mode);
        } catch (e) {
          // Not remembered, still applied to this page.
        }
        apply(mode);
      });
    });
  });
})();
