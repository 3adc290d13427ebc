// Behaviour the pages need, kept out of the HTML so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches("select[data-autosubmit]")) {
    el.form.requestSubmit();
  }
});
