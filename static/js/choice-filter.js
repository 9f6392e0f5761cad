// A filter box above long lists of choices. Everything works without this script.
// - select[data-filterable] (the value names the filter box): hides the options (and emptied <optgroup>s) that do not match;
//   chosen options stay visible.
// - div[data-filterable] (grouped checkboxes, one <details> per group): hides the boxes that
//   do not match (ticked ones stay), hides groups left empty and opens those with a match.
// A polite live region says how many choices match.
(function () {
  // The words come from the page, in the reader's language: the script tag carries the
  // placeholder and the status ("Matching: {count}"), each list its box's accessible name.
  var words = document.currentScript.dataset;

  function matches(text, needle) {
    return !needle || text.toLowerCase().indexOf(needle) !== -1;
  }

  function addBox(list, onInput) {
    var box = document.createElement("input");
    box.type = "search";
    box.placeholder = words.placeholder;
    box.className = "select-filter";
    box.setAttribute("aria-label", list.dataset.filterable);
    box.setAttribute("aria-controls", list.id);
    var status = document.createElement("p");
    status.className = "meta filter-status";
    status.setAttribute("aria-live", "polite");
    list.parentNode.insertBefore(box, list);
    list.parentNode.insertBefore(status, list);
    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase();
      var shown = onInput(needle);
      status.textContent = needle ? words.matching.replace("{count}", shown) : "";
    });
    // Enter in the filter box must not submit the form.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }

  document.querySelectorAll("select[data-filterable]").forEach(function (select) {
    addBox(select, function (needle) {
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = !option.selected && !matches(option.text, needle);
        if (!option.hidden && option.value) { shown += 1; }
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      return shown;
    });
  });

  document.querySelectorAll("div[data-filterable]").forEach(function (list) {
    var groups = list.querySelectorAll("details");
    var initiallyOpen = Array.prototype.map.call(groups, function (group) { return group.open; });
    addBox(list, function (needle) {
      var shown = 0;
      groups.forEach(function (group, index) {
        var visible = 0;
        group.querySelectorAll("fieldset > div").forEach(function (item) {
          var box = item.querySelector("input");
          item.hidden = !box.checked && !matches(item.textContent, needle);
          if (!item.hidden) { visible += 1; }
        });
        shown += visible;
        group.hidden = visible === 0;
        group.open = needle ? visible > 0 : initiallyOpen[index];
      });
      return shown;
    });
  });
})();
