// The page's boot script. The build (src/tool/shell/trunk.rs) writes it inline into <head> of
// every page, allowed by its sha256 hash in the page's Content-Security-Policy, so the first paint
// waits for no request. It
//   * applies the reader's remembered reading settings to <html> before the first paint, so
//     nothing jumps from one size, zoom or colour scheme to another (it only sets data
//     attributes, which style/main.css turns into custom properties; the names and values match
//     src/contract/prefs.rs);
//   * starts the app: the hashed loader named by <meta name="bulletin-loader">, on a prerendered
//     page only once its text is on the screen; then, too, it sets data-painted on <html>, which
//     ends the first paint's skipping of what is below the fold (style/main.css);
//   * keeps the presses of the page's buttons made before the app starts, for the app to replay;
//   * registers the service worker.
(function () {
  // Scripts run: the buttons that need them (字号, the footer actions) are shown (style/main.css).
  document.documentElement.setAttribute("data-js", "");
  var root = document.documentElement;
  var settings = [
    // [localStorage key, <html> attribute, allowed values]
    ["bulletin.font-size", "data-font-size", ["s", "m", "l"]],
    ["bulletin.zoom", "data-zoom", ["100", "125", "150", "175", "200"]],
    ["bulletin.elder", "data-elder", ["on", "off"]],
    ["bulletin.contrast", "data-contrast", ["on", "off"]],
    ["bulletin.cursor", "data-cursor", ["on", "off"]],
    ["bulletin.crosshair", "data-crosshair", ["on", "off"]],
    ["bulletin.caption", "data-caption", ["on", "off"]],
    ["bulletin.point-read", "data-point-read", ["on", "off"]]
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
  // Presses before the app starts. A prerendered page's buttons do nothing until the app takes
  // the page over (src/web/boot.rs); until then (no data-app on <html>) each press of one is kept,
  // as the button's place among the page's buttons, and the app presses the same button of its
  // own page (the same markup) once, right after the takeover: every press acts exactly once,
  // with the app's own rules and words. Submit buttons are left out: their forms work without
  // the app.
  var presses = (window.bulletinPresses = []);
  document.addEventListener("click", function (e) {
    var b = e.target.closest('button[type="button"]');
    if (b && !root.hasAttribute("data-app")) presses.push([].indexOf.call(document.getElementsByTagName("button"), b));
  }, true);
})();

// Repeat visits and offline reading: the service worker (sw.js, at the site's base, scoped to
// it). Registered once the app has started (TrunkApplicationStarted, sent by the loader), or 10 s
// after `load` if it never does: its install downloads the app's files, which must compete
// neither with the page's first paint nor with the app's start. Once it runs, it is asked to keep
// this page too, which loaded before it.
(function () {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  var done = false;
  var register = function () {
    if (done) return;
    done = true;
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
  };
  window.addEventListener("TrunkApplicationStarted", register, { once: true });
  window.addEventListener("load", function () {
    setTimeout(register, 10000);
  }, { once: true });
})();

// Starts the app: adds the hashed loader (<meta name="bulletin-loader" content=… data-integrity=…>)
// as a module script, verified by its integrity. On a prerendered page (it carries #bulletin-data)
// only after `load`, once the browser has reported a contentful paint (largest-contentful-paint,
// else first-contentful-paint: both are reported only when the frame was presented) and two more
// frames passed without a new one, so that the app's files never compete with the text the reader
// is waiting for (nor enter Lighthouse's estimate of its paint); at once when the page is hidden
// (it paints nothing); never later than 3 s after `load`. On the bare shell at once.
(function () {
  var started = false;
  var start = function () {
    var meta = document.querySelector('meta[name="bulletin-loader"]');
    if (started) return;
    started = true;
    // The text is on the screen: lay out the whole page again (style/main.css skips what is below
    // the fold until then), before the app takes it over.
    document.documentElement.setAttribute("data-painted", "");
    if (!meta) return;
    var script = document.createElement("script");
    script.type = "module";
    script.crossOrigin = "anonymous";
    script.integrity = meta.getAttribute("data-integrity") || "";
    script.src = meta.getAttribute("content");
    document.head.appendChild(script);
  };
  var painted = function () {
    if (document.visibilityState === "hidden") return start();
    document.addEventListener("visibilitychange", start, { once: true });
    setTimeout(start, 3000);
    var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
    var type = types.indexOf("largest-contentful-paint") !== -1 ? "largest-contentful-paint"
      : types.indexOf("paint") !== -1 ? "paint" : null;
    var seen = !type;
    var quiet = 0;
    if (type) {
      new PerformanceObserver(function () {
        seen = true;
        quiet = 0;
      }).observe({ type: type, buffered: true });
    }
    var frame = function () {
      if (started) return;
      if (seen && ++quiet > 2) return setTimeout(start, 0);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  };
  var ready = function () {
    if (!document.getElementById("bulletin-data")) return start();
    if (document.readyState === "complete") painted();
    else window.addEventListener("load", painted, { once: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready, { once: true });
  else ready();
})();
