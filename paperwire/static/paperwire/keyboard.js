// Keyboard shortcuts: / search, j/k move through the papers of a list,
// o or Enter open one, u upvote it (signed in), ? show the keys.
// Nothing fires while the reader types in a field or holds a modifier key.
(function () {
  "use strict";
  var current = null;
  // The selected card of each list, per tab: after o and Back, j goes on from it.
  var CURSOR_KEY = "paperwire-cursor:" + window.location.pathname + window.location.search;

  function remember(card) {
    try { if (card.id) { window.sessionStorage.setItem(CURSOR_KEY, card.id); } } catch (error) { /* storage off */ }
  }

  function restore() {
    var id = null;
    try { id = window.sessionStorage.getItem(CURSOR_KEY); } catch (error) { return; }
    var card = id ? document.getElementById(id) : null;
    if (!card || !card.classList.contains("paper-card") || current) { return; }
    // Marked, not focused or scrolled to: the browser restores the scroll position itself.
    current = card;
    card.classList.add("is-current");
    if (!card.hasAttribute("tabindex")) { card.setAttribute("tabindex", "-1"); }
  }

  function typing(target) {
    if (!(target instanceof Element)) { return false; }
    if (target.isContentEditable) { return true; }
    return /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function cards() {
    return Array.prototype.slice.call(document.querySelectorAll("main .paper-card"));
  }

  function titleLink(card) {
    return card.querySelector(".paper-title a[href]") || card.querySelector("a[href]");
  }

  function select(card) {
    if (current) { current.classList.remove("is-current"); }
    current = card;
    card.classList.add("is-current");
    if (!card.hasAttribute("tabindex")) { card.setAttribute("tabindex", "-1"); }
    card.focus();
    card.scrollIntoView({ block: "nearest" });
    remember(card);
  }

  function move(step) {
    var list = cards();
    if (!list.length) { return false; }
    var index = list.indexOf(current);
    if (index === -1) {
      // Start from the card holding focus (after Tab), else from the top or bottom.
      var focused = document.activeElement && document.activeElement.closest
        ? document.activeElement.closest(".paper-card") : null;
      index = focused ? list.indexOf(focused) : -1;
      if (index === -1) { select(list[step > 0 ? 0 : list.length - 1]); return true; }
    }
    select(list[Math.min(list.length - 1, Math.max(0, index + step))]);
    return true;
  }

  function open() {
    if (!current || !document.contains(current)) { return false; }
    var link = titleLink(current);
    if (!link) { return false; }
    link.click();
    return true;
  }

  function upvote() {
    if (!document.body.hasAttribute("data-signed-in")) { return false; }
    var scope = current && document.contains(current) ? current : document.querySelector(".paper-heading");
    var button = scope ? scope.querySelector(".vote-box button") : null;
    if (!button) { return false; }
    button.click();
    return true;
  }

  function showHelp() {
    var dialog = document.getElementById("keyboard-help");
    if (!dialog || dialog.open || typeof dialog.showModal !== "function") { return false; }
    dialog.showModal();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) { return; }
    var help = document.getElementById("keyboard-help");
    if (help && help.open) { return; }  // the dialog handles its own keys (Escape closes it)
    var handled = false;
    switch (event.key) {
      case "/":
        var search = document.getElementById("header-q");
        if (search) { search.focus(); search.select(); handled = true; }
        break;
      case "j": handled = move(1); break;
      case "k": handled = move(-1); break;
      case "o": handled = open(); break;
      case "Enter":
        // Only when the selected card itself has focus: Enter on a link or button keeps its meaning.
        if (current && document.activeElement === current) { handled = open(); }
        break;
      case "u": handled = upvote(); break;
      case "?": handled = showHelp(); break;
    }
    if (handled) { event.preventDefault(); }
  });

  document.addEventListener("DOMContentLoaded", restore);

  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.getElementById("keyboard-help");
    if (!dialog) { return; }
    dialog.querySelectorAll("[data-close-dialog]").forEach(function (button) {
      button.addEventListener("click", function () { dialog.close(); });
    });
    // A click on the backdrop (outside the dialog's box) closes it too.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); }
    });
    document.querySelectorAll("[data-show-keys]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", showHelp);
    });
  });
})();
