// A filter box above long lists of choices. Everything works without this script.
// - select[data-filterable] (the value names the filter box): hides the options (and emptied <optgroup>s) that do not match;
//   chosen options stay visible.
// - div[data-filterable] (grouped checkboxes or radios, one <details> per group: the SDG-target
//   picker): hides the choices that do not match every word typed (ticked ones stay), hides
//   groups left empty and opens those with a match; lists the chosen ones as buttons that
//   untick them; the down arrow moves from the box to the first choice shown.
// A polite live region says how many choices match; Escape empties the box.
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
    function filter() {
      var needle = box.value.trim().toLowerCase();
      var shown = onInput(needle);
      status.textContent = needle ? words.matching.replace("{count}", shown) : "";
    }
    box.addEventListener("input", filter);
    box.addEventListener("keydown", function (event) {
      // Enter in the filter box must not submit the form; Escape empties it.
      if (event.key === "Enter") { event.preventDefault(); }
      if (event.key === "Escape" && box.value) {
        event.preventDefault();
        box.value = "";
        filter();
      }
    });
    return box;
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

  // The SDG-target picker: checkboxes (or radios) in one <details> per goal.
  document.querySelectorAll("div[data-filterable]").forEach(function (list) {
    var groups = Array.prototype.slice.call(list.querySelectorAll("details"));
    var initiallyOpen = groups.map(function (group) { return group.open; });
    var items = [];
    groups.forEach(function (group) {
      var groupText = fold(group.querySelector(".group-label").textContent);
      group.querySelectorAll("fieldset > div").forEach(function (item) {
        var input = item.querySelector("input");
        var label = item.textContent.trim();
        items.push({
          element: item,
          input: input,
          group: group,
          code: label.split(" ")[0].toLowerCase(),
          short: label.split(" — ")[0],
          text: fold(label) + " " + groupText,
        });
      });
    });

    // A row of the chosen ones above the list, each a button that unticks it: what is chosen
    // stays in sight when its goal is closed or filtered away.
    var chosenRow = document.createElement("div");
    chosenRow.className = "chosen-row";
    chosenRow.hidden = true;
    var chosenLabel = document.createElement("span");
    chosenLabel.className = "meta";
    chosenLabel.textContent = list.dataset.chosenList;
    chosenRow.appendChild(chosenLabel);

    function showChosen() {
      chosenRow.querySelectorAll(".chip").forEach(function (chip) { chip.remove(); });
      var chosen = items.filter(function (item) { return item.input.checked; });
      chosen.forEach(function (item) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "chip";
        var code = document.createElement("bdi");  // "4.a" stays "4.a" in Arabic
        code.textContent = item.short;
        button.appendChild(code);
        button.appendChild(document.createTextNode(" \u00d7"));
        button.setAttribute("aria-label", list.dataset.remove.replace("{label}", item.short));
        button.addEventListener("click", function () {
          item.input.checked = false;
          item.input.dispatchEvent(new Event("change", { bubbles: true }));
          box.focus();
        });
        chosenRow.appendChild(button);
      });
      chosenRow.hidden = chosen.length === 0;
      groups.forEach(function (group) {
        var count = group.querySelectorAll("input:checked").length;
        var badge = group.querySelector(".chosen-count");
        if (!badge && count) {
          badge = document.createElement("span");
          badge.className = "chosen-count";
          group.querySelector("summary").appendChild(badge);
        }
        if (badge) {
          badge.textContent = count ? list.dataset.chosen.replace("{count}", count) : "";
          badge.hidden = !count;
        }
      });
    }

    var box = addBox(list, function (needle) {
      var words = fold(needle).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        item.element.hidden = !item.input.checked && !words.every(function (word) {
          return matchesItem(item, word);
        });
        if (!item.element.hidden) { shown += 1; }
      });
      groups.forEach(function (group, index) {
        var visible = group.querySelector("fieldset > div:not([hidden])");
        group.hidden = !visible;
        group.open = needle ? Boolean(visible) : initiallyOpen[index] || Boolean(group.querySelector("input:checked"));
      });
      return shown;
    });
    list.parentNode.insertBefore(chosenRow, list);
    list.addEventListener("change", showChosen);
    showChosen();

    // From the filter box, the down arrow goes to the first choice still shown.
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = items.filter(function (item) { return !item.element.hidden && !item.group.hidden; })[0];
        if (first) {
          event.preventDefault();
          first.group.open = true;
          first.input.focus();
        }
      }
    });
  });

  // "4.1" or "4" finds targets by their code (4.1, or every target of goal 4); other words
  // are looked for in the target's text and its goal's title.
  function matchesItem(item, word) {
    if (/^\d{1,2}(\.[0-9a-z]*)?$/.test(word)) {
      var prefix = word.indexOf(".") === -1 ? word + "." : word;
      if (item.code === word || item.code.indexOf(prefix) === 0) { return true; }
      return false;
    }
    return item.text.indexOf(word) !== -1;
  }

  // Lower case, without accents: "education" finds "éducation".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
})();
