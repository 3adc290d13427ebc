// Attendance sheet behaviour (kept out of the HTML: the Content-Security-Policy forbids inline scripts).
// Without it the sheet still works: every reason box simply stays visible.
(function () {
  "use strict";

  function syncRow(row) {
    var checked = row.querySelector("input[type=radio]:checked");
    var reason = row.querySelector("[data-reason]");
    if (!reason) return;
    var needsReason = checked && checked.value !== "present";
    reason.classList.toggle("d-none", !needsReason && !reason.value);
    reason.required = !!(checked && checked.value === "excused");
  }

  function init() {
    var sheet = document.querySelector("[data-attendance-sheet]");
    if (!sheet) return;
    sheet.querySelectorAll("[data-attendance-row]").forEach(syncRow);
    sheet.addEventListener("change", function (event) {
      var row = event.target.closest("[data-attendance-row]");
      if (row) syncRow(row);
    });
    var allPresent = sheet.querySelector("[data-all-present]");
    if (allPresent) {
      allPresent.addEventListener("click", function () {
        sheet.querySelectorAll("input[type=radio][value=present]").forEach(function (radio) {
          radio.checked = true;
        });
        sheet.querySelectorAll("[data-attendance-row]").forEach(syncRow);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
