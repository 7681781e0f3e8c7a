// Comment preview without leaving the page, and a question before deleting.
// Both work without JavaScript: Preview posts to the preview page, Delete
// leads to a confirmation page; this only saves the round trip.
(function () {
  "use strict";

  function previewBox(form) {
    var box = form.nextElementSibling;
    if (box && box.classList.contains("comment-preview")) { return box; }
    box = document.createElement("section");
    box.className = "comment-preview";
    box.setAttribute("aria-live", "polite");
    var title = document.createElement("h2");
    title.textContent = "Preview";
    var body = document.createElement("div");
    body.className = "comment-body";
    box.appendChild(title);
    box.appendChild(body);
    form.parentNode.insertBefore(box, form.nextSibling);
    return box;
  }

  function showPreview(form, button) {
    var box = previewBox(form);
    var body = box.querySelector(".comment-body");
    var data = new FormData(form);
    button.disabled = true;
    fetch(button.getAttribute("formaction"), {
      method: "POST",
      body: data,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (answer.html !== undefined) {
          body.innerHTML = answer.html;  // the server's own rendering: sanitised as for posting
          box.classList.remove("is-error");
          document.dispatchEvent(new CustomEvent("paperwire:content", { detail: body }));
        } else {
          body.textContent = answer.error || "The preview could not be made (" + response.status + ").";
          box.classList.add("is-error");
        }
      });
    }).catch(function () {
      body.textContent = "The preview could not be made; check your connection.";
      box.classList.add("is-error");
    }).finally(function () { button.disabled = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-preview-button]") : null;
    if (!button || !button.form) { return; }
    event.preventDefault();
    showPreview(button.form, button);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) { return; }
    if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); return; }
    if (!form.querySelector("input[name=confirmed]")) {
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "1";
      form.appendChild(confirmed);
    }
  });
})();
