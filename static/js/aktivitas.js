// The entry form's live estimate: standard minutes × volume, never more than the time span.
// Delegated from the document, so forms that htmx brings in later work too.
(function () {
  "use strict";

  function minutes(value) {
    var match = /^(\d{1,2})[:.](\d{2})/.exec(value || "");
    return match ? Number(match[1]) * 60 + Number(match[2]) : null;
  }

  function estimate(form) {
    var output = form.querySelector("[data-estimasi]");
    var select = form.querySelector("select[name=aktivitas]");
    if (!output || !select) return;
    var option = select.options[select.selectedIndex];
    var standard = option ? Number(option.getAttribute("data-menit")) : 0;
    var unit = option ? option.getAttribute("data-satuan") : "";
    var volume = Number((form.querySelector("[name=volume]") || {}).value || 0);
    var start = minutes((form.querySelector("[name=mulai]") || {}).value);
    var end = minutes((form.querySelector("[name=selesai]") || {}).value);
    if (!standard || !volume) {
      output.textContent = "";
      return;
    }
    var total = standard * volume;
    var text = "≈ " + total + " menit (" + standard + " × " + volume + " " + unit + ")";
    if (start !== null && end !== null) {
      if (end <= start) {
        text = "Jam selesai harus setelah jam mulai.";
      } else if (total > end - start) {
        text = "≈ " + (end - start) + " menit (dibatasi rentang waktu)";
      }
    }
    output.textContent = text;
  }

  function onChange(event) {
    var form = event.target.closest && event.target.closest("form.entri-form");
    if (form) estimate(form);
  }

  document.addEventListener("input", onChange);
  document.addEventListener("change", onChange);
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.entri-form").forEach(estimate);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    event.target.querySelectorAll("form.entri-form").forEach(estimate);
  });
})();
