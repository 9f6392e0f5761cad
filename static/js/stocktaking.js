// Stocktaking pages. Everything works without this script; it adds:
// - a filter box above long multi-selects (countries, SDG targets) that hides non-matching
//   options (chosen options stay visible);
// - facet checkboxes that apply at once;
// - polling of a large export's progress.
(function () {
  document.querySelectorAll("select[data-filterable]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.placeholder = "Type to filter…";
    box.className = "select-filter";
    box.setAttribute("aria-label", "Filter the list of " + select.dataset.filterable);
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = needle && !option.selected && option.text.toLowerCase().indexOf(needle) === -1;
      });
    });
  });
  document.querySelectorAll(".st-facets input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () { box.form.submit(); });
  });
  var progress = document.querySelector("[data-export-status]");
  if (progress) {
    var poll = function () {
      fetch(progress.dataset.exportStatus).then(function (r) { return r.json(); }).then(function (s) {
        if (s.state === "done") { window.location.reload(); return; }
        if (s.total) { progress.max = s.total; progress.value = s.done; }
        setTimeout(poll, 1000);
      });
    };
    setTimeout(poll, 1000);
  }
})();
