// The long entry form never loses work. Everything works without this script (the error
// summary and the required marks come from the server); it adds:
// - a copy of what the user types, kept in this browser (localStorage) and put back when they
//   return to the form without having saved it (a closed tab, an expired session, a network
//   error); the copy is dropped once the server has the form (its one-time token is among the
//   page's data-autosave-sent), and a copy made from an older version of the entry is offered
//   back rather than put back silently;
// - a warning before leaving the page with changes not yet sent;
// - focus on the error summary, whose links move focus to the field in error.
(function () {
  var words = document.currentScript.dataset;
  var form = document.querySelector("form[data-autosave]");
  var notice = document.querySelector("[data-autosave-notice]");
  var summary = document.getElementById("error-summary");
  var STORE = "wsis:" + (form ? form.dataset.autosave : "");
  var KEEP_DAYS = 30;

  if (summary) {
    // The summary has ``autofocus`` (focus without this script); should the browser not
    // have honoured it by the time the page is loaded, focus it here.
    window.addEventListener("load", function () {
      if (document.activeElement === document.body) summary.focus();
    });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var box = field.closest(".field") || field;
      box.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }
  if (!form) return;

  function controls() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && ["hidden", "file", "submit", "button", "password"].indexOf(el.type) === -1 && el.tagName !== "BUTTON";
    });
  }

  function read() {
    var values = {};
    controls().forEach(function (el) {
      var list = values[el.name] || (values[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) list.push(el.value);
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { list.push(o.value); });
      } else {
        list.push(el.value);
      }
    });
    return values;
  }

  function write(values) {
    controls().forEach(function (el) {
      var list = values[el.name];
      if (!list) return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) !== -1;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = list.indexOf(o.value) !== -1; });
      } else {
        el.value = list[0] || "";
      }
    });
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { return null; }
  }
  function save(copy) {
    try { localStorage.setItem(STORE, JSON.stringify(copy)); } catch (e) { /* full or private mode */ }
  }
  function drop() {
    try { localStorage.removeItem(STORE); } catch (e) { /* unavailable */ }
  }

  var token = (form.querySelector("[name=submission_token]") || {}).value || "";
  var version = form.dataset.autosaveVersion;
  var sent = (form.dataset.autosaveSent || "").split(" ");
  var original = read();
  var dirty = false;
  var submitting = false;

  function say(text, actions) {
    notice.textContent = "";
    notice.className = "autosave-notice message message-warning";
    var p = document.createElement("p");
    p.textContent = text;
    (actions || []).forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small secondary";
      button.textContent = action[0];
      button.addEventListener("click", action[1]);
      p.appendChild(document.createTextNode(" "));
      p.appendChild(button);
    });
    notice.appendChild(p);
  }

  function discard() {
    drop();
    write(original);
    dirty = false;
    say(words.discarded);
  }

  function restore(copy) {
    write(copy.values);
    dirty = true;
    say(words.restored.replace("{time}", when(copy.at)), [[words.discard, discard]]);
  }

  function when(ms) {
    return new Date(ms).toLocaleString(document.documentElement.lang);
  }

  var copy = load();
  var old = copy && Date.now() - copy.at > KEEP_DAYS * 864e5;
  var same = copy && JSON.stringify(copy.values) === JSON.stringify(original);
  // Dropped: too old, nothing more than the page shows, already saved, or this page is the
  // server's answer to the form it was copied from (its errors shown beside what was sent).
  if (copy && (old || same || sent.indexOf(copy.token) !== -1 || copy.token === token)) {
    drop();
  } else if (copy && copy.version === version) {
    restore(copy);
  } else if (copy) {
    say(words.older.replace("{time}", when(copy.at)), [
      [words.restore, function () { restore(copy); }],
      [words.discard, discard],
    ]);
  }

  var timer = null;
  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(function () {
      save({ at: Date.now(), version: version, token: token, values: read() });
    }, 300);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    clearTimeout(timer);
    if (dirty) save({ at: Date.now(), version: version, token: token, values: read() });
    submitting = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty || submitting) return;
    // Also kept when the user leaves anyway; the browser shows its own words.
    save({ at: Date.now(), version: version, token: token, values: read() });
    event.preventDefault();
    event.returnValue = "";
  });
})();
