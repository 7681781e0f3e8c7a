// Upvote without reloading the page. The vote box is a plain POST form, so
// everything still works with JavaScript off; this only saves the reload.
(function () {
  "use strict";
  if (window.paperwireVotes) { return; }
  window.paperwireVotes = true;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-vote-form")) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    var action = form.querySelector("input[name=vote]");
    var count = form.parentElement.querySelector("[data-vote-count]");
    if (button) { button.disabled = true; }
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 401) {
        return response.json().then(function (data) { window.location.href = data.login_url; });
      }
      if (!response.ok) { form.submit(); return; }  // let the server's page explain (e.g. 429)
      return response.json().then(function (data) {
        button.setAttribute("aria-pressed", data.voted ? "true" : "false");
        button.title = data.voted ? "Remove your upvote" : "Upvote";
        button.setAttribute("aria-label", button.title);
        action.value = data.voted ? "down" : "up";
        if (count) { count.textContent = data.count.toLocaleString("en-US"); }
        // The paper page also spells the total out ("58 upvotes: 57 imported, 1 here").
        document.querySelectorAll("[data-upvote-sources]").forEach(function (line) {
          if (line.getAttribute("data-upvote-sources") === String(data.paper)) { line.textContent = data.sources; }
        });
      });
    }).catch(function () { form.submit(); })
      .finally(function () { if (button) { button.disabled = false; } });
  });
})();
