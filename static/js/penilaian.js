// The approval queue: how many entries are ticked, and "tick all on this page". Delegated from
// the document, so the queue htmx swaps in after each decision works the same.
(function () {
  "use strict";

  function boxes(section) {
    return section.querySelectorAll("input[data-pilih]");
  }

  function refresh(section) {
    if (!section) return;
    var ticked = 0;
    var all = boxes(section);
    all.forEach(function (box) {
      if (box.checked) ticked += 1;
    });
    var count = section.querySelector("[data-jumlah-terpilih]");
    if (count) count.textContent = String(ticked);
    var button = section.querySelector("[data-setujui-terpilih]");
    if (button) button.disabled = ticked === 0;
    var master = section.querySelector("[data-pilih-semua]");
    if (master) {
      master.checked = all.length > 0 && ticked === all.length;
      master.indeterminate = ticked > 0 && ticked < all.length;
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var section = target.closest && target.closest("#antrian");
    if (!section) return;
    if (target.hasAttribute("data-pilih-semua")) {
      boxes(section).forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (target.hasAttribute("data-pilih") || target.hasAttribute("data-pilih-semua")) {
      refresh(section);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    refresh(document.getElementById("antrian"));
  });
  document.addEventListener("htmx:afterSettle", function () {
    refresh(document.getElementById("antrian"));
  });
})();
