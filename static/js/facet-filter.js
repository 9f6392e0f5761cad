// Filter boxes above the search page's long facets (countries, SDG targets…). Without this script
// the facet shows its most frequent values and lists the others under "Show all"; with it,
// typing hides the values that do not match (ticked ones stay), in both lists, and opens
// "Show all" while there is something typed. Accents and case are ignored ("cote" finds
// "Côte d'Ivoire"), and the value itself matches too ("KE"), and so does the whole text of a
// shortened label (its link's title: an SDG target's).
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  document.querySelectorAll(".facet-find").forEach(function (finder) {
    var box = finder.querySelector("input");
    var status = finder.querySelector(".filter-status");
    var list = document.getElementById(box.getAttribute("aria-controls"));
    var more = list.querySelector("details");
    var openAtFirst = more && more.open;
    var items = Array.prototype.map.call(list.querySelectorAll("li"), function (item) {
      var input = item.querySelector("input");
      var whole = item.querySelector("a[title]");
      var text = [item.textContent, input.value, whole ? whole.title : ""].join(" ");
      return { item: item, input: input, text: fold(text) };
    });
    finder.hidden = false;
    box.addEventListener("input", function () {
      var needle = fold(box.value.trim());
      var shown = 0;
      items.forEach(function (entry) {
        entry.item.hidden = !entry.input.checked && entry.text.indexOf(needle) === -1;
        if (!entry.item.hidden) { shown += 1; }
      });
      if (more) { more.open = needle ? true : openAtFirst; }
      status.textContent = needle ? box.dataset.shown + " " + shown : "";
    });
    // Enter in the filter box must not submit the facets' form.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  });
})();
