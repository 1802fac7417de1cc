// Applies the reader's remembered preferences to <html> before the first paint, so the notice
// text never jumps from one size to another. Loaded as a plain, synchronous, same-origin script.
(function () {
  // Scripts run: the buttons that need them (字号, the footer actions) are shown (style/main.css).
  document.documentElement.setAttribute("data-js", "");
  try {
    var size = window.localStorage.getItem("bulletin.font-size");
    if (size === "s" || size === "m" || size === "l") {
      document.documentElement.setAttribute("data-font-size", size);
    }
  } catch (e) {
    // Storage blocked (private mode, policy): keep the default size.
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
