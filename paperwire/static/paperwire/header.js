// The header's menu button on narrow screens, and dismissing the subscribe banner.
// Without JavaScript the menu button is a link to #site-nav, which CSS opens
// with :target; this turns it into a real toggle (aria-expanded, Escape closes).
(function () {
  "use strict";
  var BANNER_COOKIE = "paperwire_banner";

  function setupMenu() {
    var button = document.querySelector("[data-menu-button]");
    var header = document.querySelector(".site-header");
    var nav = document.getElementById("site-nav");
    if (!button || !header || !nav) { return; }
    button.setAttribute("role", "button");
    button.setAttribute("aria-expanded", "false");

    function setOpen(open, returnFocus) {
      header.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open && returnFocus) { button.focus(); }
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(!header.classList.contains("menu-open"), false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) { setOpen(false, true); }
    });
    document.addEventListener("click", function (event) {
      if (header.classList.contains("menu-open") && !header.contains(event.target)) { setOpen(false, false); }
    });
  }

  function rememberBannerHidden() {
    // A cookie, not localStorage: the server then leaves the banner out of the next page (no flash).
    document.cookie = BANNER_COOKIE + "=hidden; path=/; max-age=31536000; SameSite=Lax";
  }

  function setupBanner() {
    var banner = document.querySelector("[data-subscribe-banner]");
    if (!banner) { return; }
    var dismiss = banner.querySelector("[data-banner-dismiss]");
    if (dismiss) {
      dismiss.hidden = false;
      dismiss.addEventListener("click", function () {
        rememberBannerHidden();
        banner.remove();
        var main = document.getElementById("main");
        if (main) { main.focus(); }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupMenu();
    setupBanner();
  });
})();
