// A form marked data-submit-once is sent once: a double click on its button
// must not post the same move twice (the server answers a repeated move as
// done, but evidence has no version and would be added twice, and a second
// edit would be refused as stale by its own first).
(function () {
  "use strict";

  function holdAfterFirstSubmit(event) {
    var form = event.target;
    if (!form.matches("form[data-submit-once]")) {
      return;
    }
    if (form.dataset.submitting === "yes") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "yes";
    // Disabled only after this event: a button disabled now would drop its
    // name and value (the move) from what is sent.
    window.setTimeout(function () {
      form.querySelectorAll("button").forEach(function (button) {
        button.disabled = true;
      });
      form.setAttribute("aria-busy", "true");
    }, 0);
  }

  document.addEventListener("submit", holdAfterFirstSubmit);
  // Back from the next page (bfcache): the form works again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      delete form.dataset.submitting;
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button").forEach(function (button) {
        button.disabled = false;
      });
    });
  });
})();
