// wkly's only script: small enhancements on pages that work without it.
// Loaded with `defer`; no inline script anywhere (the CSP forbids it).
(function () {
  "use strict";

  // Related roadmaps arrive after the page: swap the plain link for the fragment.
  document.querySelectorAll("[data-fragment]").forEach(function (slot) {
    var fallback = slot.innerHTML;
    slot.setAttribute("aria-busy", "true");
    slot.innerHTML = '<div class="loading"><p><strong>Loading roadmaps…</strong></p>' +
      '<p class="muted">Finding guides that fit this story.</p></div>';
    fetch(slot.getAttribute("data-fragment"), { headers: { Accept: "text/html" } })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.text();
      })
      .then(function (html) { slot.innerHTML = html; })
      .catch(function () { slot.innerHTML = fallback; })
      .finally(function () { slot.removeAttribute("aria-busy"); });
  });

  // Copy-link buttons exist only where the clipboard API does, and only claim success
  // once the browser says the text was written.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) return;
    var input = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) status.textContent = "Link copied";
      }, function () {
        input.select();
        if (status) status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link";
      });
    });
  });

  // Voting and reacting happen in place: the form posts in the background and the
  // server's fragment replaces the block. Without this, the same forms post and
  // redirect back. Delegated, so the fragments' own forms work too.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-inplace")) return;
    var slot = form.closest(".poll-slot, .reactions-slot, .comments-slot");
    if (!slot || !window.fetch || !window.URLSearchParams) return;
    event.preventDefault();
    var data;
    try { data = new FormData(form, event.submitter || null); } catch (e) {
      data = new FormData(form);
      if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    }
    slot.setAttribute("aria-busy", "true");
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(data),
      credentials: "same-origin",
      headers: { "X-Wkly-Fragment": "1", Accept: "text/html" }
    }).then(function (res) {
      if (res.status === 429) {
        var wait = res.headers.get("Retry-After");
        throw new Error("Too many clicks in a short while" + (wait ? "; try again in " + wait + " s." : "."));
      }
      if (!res.ok) throw new Error("That didn't work (HTTP " + res.status + "). Reload the page and try again.");
      return res.text();
    }).then(function (html) {
      slot.innerHTML = html;
    }).catch(function (err) {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      var note = slot.querySelector(".inplace-error") || document.createElement("p");
      note.className = "notice notice-error inplace-error";
      note.setAttribute("role", "alert");
      note.textContent = err.message;
      slot.appendChild(note);
    }).finally(function () { slot.removeAttribute("aria-busy"); });
  });
})();
