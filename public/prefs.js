// Applies the reader's remembered reading settings to <html> before the first paint, so nothing
// jumps from one size, zoom or colour scheme to another. Loaded as a plain, synchronous,
// same-origin script (no inline script, no inline style: it only sets data attributes, which
// style/main.css turns into custom properties). The names and values match src/prefs.rs.
(function () {
  // Scripts run: the buttons that need them (字号, the footer actions) are shown (style/main.css).
  document.documentElement.setAttribute("data-js", "");
  var root = document.documentElement;
  var settings = [
    // [localStorage key, <html> attribute, allowed values]
    ["bulletin.font-size", "data-font-size", ["s", "m", "l"]],
    ["bulletin.zoom", "data-zoom", ["100", "125", "150", "175", "200"]],
    ["bulletin.elder", "data-elder", ["on", "off"]],
    ["bulletin.contrast", "data-contrast", ["on", "off"]]
  ];
  for (var i = 0; i < settings.length; i++) {
    try {
      var value = window.localStorage.getItem(settings[i][0]);
      if (value !== null && settings[i][2].indexOf(value) !== -1) {
        root.setAttribute(settings[i][1], value);
      }
    } catch (e) {
      // Storage blocked (private mode, policy): keep the defaults.
    }
  }
})();

// Repeat visits and offline reading: the service worker (sw.js, next to this file, scoped to the
// site's base path). Once it runs, it is asked to keep this page too, which loaded before it.
(function () {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  window.addEventListener("load", function () {
    var url = new URL("sw.js", document.baseURI).href;
    navigator.serviceWorker
      .register(url)
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        if (registration.active) {
          registration.active.postMessage({ type: "keep", url: location.href });
        }
      })
      .catch(function () {
        // No service worker (blocked, private mode): the site works as before, online.
      });
  });
})();
