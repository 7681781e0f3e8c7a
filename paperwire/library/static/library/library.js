// Save, tag and copy without reloading. Every form here is a plain POST form
// that works with JavaScript off; this only spares the reload.
(function () {
  "use strict";
  if (window.paperwireLibrary) { return; }
  window.paperwireLibrary = true;

  function send(form) {
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 401) {
        return response.json().then(function (data) { window.location.href = data.login_url; return null; });
      }
      if (!response.ok && response.status !== 400) { form.submit(); return null; }
      return response.json();
    });
  }

  function markSaved(paperId, saved) {
    document.querySelectorAll("form[data-save-form]").forEach(function (form) {
      if (form.getAttribute("action").split("/").pop() !== String(paperId)) { return; }
      var button = form.querySelector("button");
      button.setAttribute("aria-pressed", saved ? "true" : "false");
      button.textContent = saved ? "Saved" : "Save";
      button.title = saved ? "Remove from your library" : "Save to your library";
      form.querySelector("input[name=save]").value = saved ? "0" : "1";
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    var isSave = form.hasAttribute("data-save-form");
    var isTags = form.hasAttribute("data-tags-form");
    if (!isSave && !isTags) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    send(form).then(function (data) {
      if (!data) { return; }
      if (isSave) { markSaved(data.paper, data.saved); return; }
      var status = form.querySelector("[data-tags-status]");
      if (data.error) { if (status) { status.textContent = data.message; } return; }
      markSaved(data.paper, true);
      form.querySelector("input[name=tags]").value = data.tags.map(function (t) { return t.name; }).join(", ");
      if (status) { status.textContent = data.tags.length ? "Tags saved." : "Tags cleared."; }
    }).catch(function () { form.submit(); })
      .finally(function () { if (button) { button.disabled = false; } });
  });

  // Follow and Unfollow in place: the form becomes the other one.
  function showFollow(form, data) {
    var following = data.following;
    form.setAttribute("action", following ? data.unfollow_url : form.getAttribute("data-follow-url"));
    form.querySelector("[data-follow-state]").hidden = !following;
    form.querySelector("[data-follow-manage]").hidden = !following;
    var button = form.querySelector("[data-follow-button]");
    button.textContent = following ? "Unfollow" : "Follow";
    button.classList.toggle("secondary", following);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-follow-form")) { return; }
    event.preventDefault();
    var button = form.querySelector("[data-follow-button]");
    button.disabled = true;
    send(form).then(function (data) {
      if (!data) { return; }
      if (data.error) { form.submit(); return; }
      showFollow(form, data);
    }).catch(function () { form.submit(); })
      .finally(function () { button.disabled = false; });
  });

  document.addEventListener("click", function (event) {
    var button = event.target;
    if (!(button instanceof HTMLElement) || !button.hasAttribute("data-copy")) { return; }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    source.select();
    var done = function () { button.textContent = "Copied"; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(source.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
