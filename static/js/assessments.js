// Assessments pages: live counts while filling in forms. Kept out of the HTML for the Content-Security-Policy.
(function () {
  function answered(form) {
    var names = {};
    form.querySelectorAll("input[data-band-input]").forEach(function (input) {
      names[input.name] = names[input.name] || input.checked;
    });
    return Object.keys(names).filter(function (n) { return names[n]; }).length;
  }

  function costTotal(fieldset) {
    var total = 0;
    fieldset.querySelectorAll("input[data-cost-share]").forEach(function (input) {
      total += parseInt(input.value, 10) || 0;
    });
    var out = fieldset.querySelector("[data-cost-total]");
    if (out) {
      out.textContent = total;
      out.classList.toggle("text-danger", total !== 100 && total !== 0);
    }
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-count-answers]");
    var progress = document.querySelector("progress");
    if (form && event.target.matches("input[data-band-input]") && progress) {
      progress.value = answered(form);
    }
  });
  document.addEventListener("input", function (event) {
    var fieldset = event.target.closest("[data-cost-profile]");
    if (fieldset) costTotal(fieldset);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-cost-profile]").forEach(costTotal);
  });
})();
