// Keys that work on every page: "?" lists every shortcut (an accessible
// <dialog>: focus moves into it, Esc closes it, focus returns); on the
// article page "j" and "k" move through the claims.
(function () {
  "use strict";

  const dialog = document.getElementById("shortcuts");

  function typing(target) {
    return Boolean(target.closest && target.closest("input, textarea, select, [contenteditable]"));
  }

  function openShortcuts() {
    if (dialog && !dialog.open) dialog.showModal();
  }

  function claimLinks() {
    return Array.from(document.querySelectorAll("#claim-list .claim-item > a"));
  }

  function stepClaims(direction) {
    const links = claimLinks();
    if (links.length === 0) return false;
    const at = links.indexOf(document.activeElement);
    const next = at === -1 ? (direction > 0 ? 0 : links.length - 1) : at + direction;
    const link = links[Math.max(0, Math.min(next, links.length - 1))];
    link.focus();
    link.scrollIntoView({ block: "nearest" });
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (dialog && dialog.open) return;
    if (event.key === "?") {
      event.preventDefault();
      openShortcuts();
    } else if ((event.key === "j" || event.key === "k") && stepClaims(event.key === "j" ? 1 : -1)) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-shortcuts]")) openShortcuts();
    else if (event.target.closest("[data-close-shortcuts]") && dialog) dialog.close();
  });
})();
