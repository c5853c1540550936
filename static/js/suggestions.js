// The suggestions list and the dashed spans in the article point to each
// other: hovering or focusing either highlights both, clicking one scrolls
// to the other. On a focused suggestion, keys: a accept, r reject, arrows
// (or j / k) move, Enter shows it in the text. Everything is delegated from
// the document, so it keeps working after htmx swaps the workspace.
"use strict";

(function () {
  const ROW = "li.suggestion[data-suggestion]";
  const quiet = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const scrolling = (block) => ({ block, behavior: quiet ? "auto" : "smooth" });

  const rowOf = (id) => document.getElementById("suggestion-" + id);
  const runsOf = (id) =>
    document.querySelectorAll('#article-body .run[data-suggestions~="' + id + '"]');
  const idsOfRun = (run) => run.dataset.suggestions.split(" ");

  function point(ids, on) {
    for (const id of ids) {
      const row = rowOf(id);
      if (row) row.classList.toggle("pointed", on);
      for (const run of runsOf(id)) run.classList.toggle("pointed", on);
    }
  }

  // What the pointer or the focus is on: a row's id, or a dashed run's ids.
  function pointedIds(target) {
    if (!(target instanceof Element)) return [];
    const row = target.closest(ROW);
    if (row) return [row.dataset.suggestion];
    const run = target.closest("#article-body .run[data-suggestions]");
    return run ? idsOfRun(run) : [];
  }

  for (const [enter, leave] of [
    ["mouseover", "mouseout"],
    ["focusin", "focusout"],
  ]) {
    document.addEventListener(enter, (event) => point(pointedIds(event.target), true));
    document.addEventListener(leave, (event) => point(pointedIds(event.target), false));
  }

  function showInText(id) {
    const first = runsOf(id)[0];
    if (!first) return;
    first.scrollIntoView(scrolling("center"));
    for (const run of runsOf(id)) {
      run.classList.add("flash");
      window.setTimeout(() => run.classList.remove("flash"), 1200);
    }
  }

  function showInList(id) {
    const row = rowOf(id);
    if (!row) return;
    row.scrollIntoView(scrolling("nearest"));
    row.focus({ preventScroll: true });
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest("button, a, input, form")) return;
    const row = event.target.closest(ROW);
    if (row) {
      showInText(row.dataset.suggestion);
      return;
    }
    const run = event.target.closest("#article-body .run[data-suggestions]");
    // A click, not the end of a drag that selected text to capture.
    if (run && window.getSelection().isCollapsed) showInList(idsOfRun(run)[0]);
  });

  // ---- keys on a focused row

  // Where the focus was when a row was rejected: after htmx swaps in the
  // new list, the row now in that place takes the focus.
  let refocusAt = null;

  function move(row, step) {
    const rows = Array.from(document.querySelectorAll(ROW));
    const next = rows[rows.indexOf(row) + step];
    if (next) {
      next.focus({ preventScroll: true });
      next.scrollIntoView(scrolling("nearest"));
    }
  }

  const KEYS = {
    a: (row) => row.querySelector("[data-accept-suggestion]")?.click(),
    r: (row) => {
      const reject = row.querySelector("[data-reject-suggestion]");
      if (!reject) return;
      refocusAt = Array.from(document.querySelectorAll(ROW)).indexOf(row);
      reject.click();
    },
    ArrowDown: (row) => move(row, 1),
    ArrowUp: (row) => move(row, -1),
    j: (row) => move(row, 1),
    k: (row) => move(row, -1),
    Enter: (row) => showInText(row.dataset.suggestion),
  };

  document.addEventListener("keydown", (event) => {
    const row = event.target.matches?.(ROW) ? event.target : null;
    if (!row || event.ctrlKey || event.metaKey || event.altKey) return;
    const action = KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    action(row);
  });

  document.body.addEventListener("htmx:afterSettle", () => {
    if (refocusAt === null) return;
    const rows = document.querySelectorAll(ROW);
    const row = rows[Math.min(refocusAt, rows.length - 1)];
    refocusAt = null;
    if (row) row.focus({ preventScroll: true });
  });

  // ---- the "Accept all named" preview

  document.addEventListener("click", (event) => {
    const close = event.target.closest("[data-close-preview]");
    const holder = close && close.closest("#accept-preview");
    if (!holder) return; // on its own page the link goes back to the article
    event.preventDefault();
    holder.replaceChildren();
    document.querySelector('#suggestions a[href$="/suggestions/preview/"]')?.focus();
  });

  document.body.dataset.suggestionsReady = "true";
})();
