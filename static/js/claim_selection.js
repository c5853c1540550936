// The claims list's selection: "select all on this page", shift-click for a
// range, and the count of what is selected. The server takes whatever is
// ticked; this only makes ticking quick.
(function () {
  "use strict";

  const form = document.getElementById("bulk");
  if (!form) return;
  const rows = Array.from(form.querySelectorAll("input[data-select-row]"));
  const pageBox = form.querySelector("input[data-select-page]");
  const counter = form.querySelector("[data-selected-count]");
  let lastClicked = null;

  function refresh() {
    const ticked = rows.filter((box) => box.checked).length;
    if (counter) counter.textContent = String(ticked);
    if (pageBox) {
      pageBox.checked = ticked > 0 && ticked === rows.length;
      pageBox.indeterminate = ticked > 0 && ticked < rows.length;
    }
  }

  function tickRange(from, to, checked) {
    const [low, high] = from < to ? [from, to] : [to, from];
    for (let i = low; i <= high; i += 1) rows[i].checked = checked;
  }

  // Enter on a ticked box would submit the form with its first button: a
  // bulk action nobody chose. Ticking is Space's job.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.type === "checkbox") event.preventDefault();
  });

  rows.forEach((box, index) => {
    box.addEventListener("click", (event) => {
      if (event.shiftKey && lastClicked !== null) tickRange(lastClicked, index, box.checked);
      lastClicked = index;
      refresh();
    });
  });

  if (pageBox) {
    pageBox.addEventListener("change", () => {
      rows.forEach((box) => {
        box.checked = pageBox.checked;
      });
      refresh();
    });
  }

  refresh();
})();
