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
