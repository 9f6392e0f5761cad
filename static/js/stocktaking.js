// Stocktaking pages. Everything works without this script; it adds (the filter boxes above
// long multi-selects are choice-filter.js):
// - facet checkboxes that apply at once;
// - polling of a large export's progress.
(function () {
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
