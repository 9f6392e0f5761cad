// Copy-link controls: a real link to the paragraph's anchor (works without JS); with JS the
// full URL is also copied to the clipboard and the result announced.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-copy-link]");
  if (!link || !navigator.clipboard) return;
  var url = new URL(link.getAttribute("href"), window.location.href).href;
  navigator.clipboard.writeText(url).then(function () {
    var status = document.getElementById("copy-status");
    // The announcement's words come from the page, in the reader's language.
    if (status) status.textContent = status.dataset.copied + " " + url;
    link.classList.add("copied");
    setTimeout(function () { link.classList.remove("copied"); }, 2000);
  });
});
