// Progressive enhancement: a budget ballot (form[data-budget-ballot]) updates its running
// totals while projects are ticked. Without JavaScript, "Update the totals" posts the form and
// the server shows the same figures; the server checks the rule either way.
document.querySelectorAll("form[data-budget-ballot]").forEach(function (form) {
  var money = new Intl.NumberFormat(form.dataset.locale || undefined, {
    style: "currency", currency: form.dataset.currency || "USD"
  });
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=project][data-pool]"));

  function update() {
    form.querySelectorAll("[data-pool-totals]").forEach(function (totals) {
      var pool = totals.dataset.poolTotals;
      var amount = parseFloat(totals.dataset.amount);
      var mine = boxes.filter(function (box) { return box.dataset.pool === pool; });
      var spent = 0;
      var count = 0;
      mine.forEach(function (box) {
        if (box.checked) { spent += parseFloat(box.dataset.cost); count += 1; }
      });
      var left = amount - spent;
      var set = function (selector, text) {
        var node = totals.querySelector(selector);
        if (node) { node.textContent = text; }
      };
      set("[data-spent]", money.format(spent));
      set("[data-remaining]", money.format(Math.max(left, 0)));
      set("[data-over]", money.format(Math.max(-left, 0)));
      set("[data-count]", String(count));
      var bar = totals.querySelector("progress");
      if (bar) { bar.value = Math.min(spent, amount); }
      var over = totals.querySelector("[data-over-note]");
      if (over) { over.hidden = left >= 0; }
      mine.forEach(function (box) {
        var note = box.closest("li") && box.closest("li").querySelector("[data-fit-note]");
        if (note) { note.hidden = box.checked || parseFloat(box.dataset.cost) <= left; }
      });
    });
  }

  boxes.forEach(function (box) { box.addEventListener("change", update); });
});
