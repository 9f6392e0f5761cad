// Meeting times in the reader's own time zone (issue 18, gap 4). The page names the meeting's
// zone ("14:00 (Europe/Zurich)"); where the browser's zone is another, this adds the same
// instant in the reader's zone after it. Without JavaScript the zone named is what one sees.
// The words come from the page: the script tag's data-your-time ("In your time zone ({zone}):
// {time}").
(function () {
  var template = document.currentScript.dataset.yourTime;
  var reader;
  try {
    reader = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!reader || !template) { return; }
  var language = document.documentElement.lang || undefined;
  var dateTime = new Intl.DateTimeFormat(language, {
    dateStyle: "long", timeStyle: "short", timeZone: reader,
  });
  var timeOnly = new Intl.DateTimeFormat(language, { timeStyle: "short", timeZone: reader });
  var day = new Intl.DateTimeFormat("en-CA", { timeZone: reader });  // YYYY-MM-DD

  document.querySelectorAll("time[data-local-time]").forEach(function (time) {
    if (time.dataset.zone === reader) { return; }
    var start = new Date(time.getAttribute("datetime"));
    if (isNaN(start)) { return; }
    var text = dateTime.format(start);
    if (time.dataset.end) {
      var end = new Date(time.dataset.end);
      text += "–" + (day.format(end) === day.format(start) ? timeOnly.format(end) : dateTime.format(end));
    }
    var local = document.createElement("span");
    local.className = "local-time";
    local.textContent = template.replace("{zone}", reader.replace(/_/g, " ")).replace("{time}", text);
    time.insertAdjacentElement("afterend", local);
  });
})();
