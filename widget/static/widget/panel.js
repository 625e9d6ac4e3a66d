/* The help widget's panel, inside its frame: take the focus when the embedding page opens the
 * panel (a frame on another site may not autofocus), and tell it when Escape is pressed so
 * that it closes the panel and gives the focus back to its button. */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  function focusFirst() {
    var target = document.querySelector("[data-autofocus]") || document.getElementById("main");
    if (target) { target.focus(); }
  }
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data === "guichet:focus") { focusFirst(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { window.parent.postMessage("guichet:close", "*"); }
  });
})();
