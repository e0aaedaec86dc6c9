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
})();
