// Light or dark: the system's choice unless the reader picked one with the
// header toggle (remembered in this browser). Loaded without defer in <head>
// so the theme is set before the first paint: no flash of the wrong one.
(function () {
  "use strict";
  var KEY = "paperwire-theme";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }  // storage can be off
  }
  function systemDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function current() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "light" || chosen === "dark") { return chosen; }
    return systemDark() ? "dark" : "light";
  }

  var saved = stored();
  if (saved === "light" || saved === "dark") { root.setAttribute("data-theme", saved); }

  // The label names the theme a click switches to: "Dark theme" on a dark
  // page read as if it were off.
  function showState(button) {
    var dark = current() === "dark";
    button.textContent = dark ? "Light theme" : "Dark theme";
    button.title = dark ? "Switch to the light theme" : "Switch to the dark theme";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) { return; }
    button.hidden = false;  // without JavaScript the system's theme applies and there is nothing to toggle
    showState(button);
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { window.localStorage.setItem(KEY, next); } catch (error) { /* still switched for this page */ }
      showState(button);
    });
    if (window.matchMedia) {
      window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () { showState(button); });
    }
  });
})();
