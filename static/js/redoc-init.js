// Starts Redoc on /api/docs/redoc/ (drf-spectacular's inline start, as a file the
// Content-Security-Policy allows). Redoc adds its styles as <style> elements: it gives them
// this script's nonce, which the page's policy allows.
(function () {
  var container = document.getElementById("redoc-container");
  Redoc.init(container.dataset.specUrl, { nonce: document.currentScript.nonce }, container);
})();
