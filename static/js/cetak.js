// Print buttons (data-cetak): the Content-Security-Policy forbids inline onclick handlers.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-cetak]");
    if (button) window.print();
  });
})();
