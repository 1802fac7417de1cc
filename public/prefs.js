// Applies the reader's remembered reading settings to <html> before the first paint, so nothing
// jumps from one size, zoom or colour scheme to another. Loaded as a plain, synchronous,
// same-origin script (no inline script, no inline style: it only sets data attributes, which
// style/main.css turns into custom properties). The names and values match src/prefs.rs.
(function () {
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
