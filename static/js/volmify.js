// Behaviour shared by every page, kept out of the markup so the Content-Security-Policy can
// forbid inline script (no hx-on, no onclick).
(function () {
  "use strict";

  // Forms marked data-swap-errors show the form the server answers with a 400 (its field errors)
  // in place, as they do for a 200; htmx would otherwise drop an error response.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.target.closest && event.target.closest("[data-swap-errors]");
    if (form && event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A button with data-fill-target and data-fill-value copies the value into that field
  // (the suggested regional prices).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-fill-target]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-fill-target"));
    if (field) {
      field.value = button.getAttribute("data-fill-value");
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.focus();
    }
  });

  // A button with data-print prints the page (the receipt).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
})();
