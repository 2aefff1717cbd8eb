// "Chọn tất cả" on the bulk pages: one box ticks or unticks every box of its form bearing the
// name it names, and shows whether all, some or none are ticked. Without JavaScript the box
// stays hidden and each ward is ticked by hand.
document.querySelectorAll("[data-select-all]").forEach(function (all) {
  var form = all.form;
  var name = all.getAttribute("data-select-all");
  function boxes() {
    return Array.prototype.slice.call(
      form.querySelectorAll('input[type="checkbox"][name="' + name + '"]')
    );
  }
  function reflect() {
    var ticked = boxes().filter(function (b) { return b.checked; }).length;
    all.checked = ticked > 0 && ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  }
  all.addEventListener("change", function () {
    boxes().forEach(function (b) { b.checked = all.checked; });
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === name) reflect();
  });
  reflect();
  var wrap = all.closest("[hidden]");
  if (wrap) wrap.hidden = false;
});
