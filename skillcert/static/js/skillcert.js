// Small page behaviours, kept out of the HTML so that the Content-Security-Policy can forbid
// inline script: [data-print] prints the page; [data-confirm] asks before its form is sent.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print]");
    if (target) {
      event.preventDefault();
      window.print();
      return;
    }
    var asking = event.target.closest("[data-confirm]");
    if (asking && !window.confirm(asking.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
