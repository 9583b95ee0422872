// Progressive enhancement: a <select data-autosubmit> sends its form when changed.
// Without JavaScript the form keeps its visible submit button.
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
