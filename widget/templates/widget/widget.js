/* Guichet help widget. Include it with:
 *   <script src="https://guichet.example/widget.js" data-brique="moodle" defer></script>
 * It adds a "Besoin d'aide ?" button; the button opens a panel showing Guichet's help (a frame
 * served by Guichet). It starts only on the origins Guichet allows (GUICHET_WIDGET_ORIGINS). */
(function (config) {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__guichetWidget) { return; }
  window.__guichetWidget = true;
  var guichet = new URL(script.src).origin;
  var here = window.location.origin;
  var strings = config.strings;

  if (here !== guichet && config.origins.indexOf(here) === -1) {
    console.error(strings.refused.replace("{origin}", here));
    return;
  }

  var brique = script.getAttribute("data-brique") || "";
  var panelId = "guichet-help-panel";
  var titleId = "guichet-help-title";

  var style = document.createElement("style");
  style.textContent = [
    ".guichet-help-launcher{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;",
    "font:600 1rem/1.2 system-ui,sans-serif;color:#fff;background:#1d3f8f;border:2px solid #fff;",
    "border-radius:2rem;padding:.75rem 1.25rem;box-shadow:0 2px 8px rgba(0,0,0,.35);cursor:pointer}",
    ".guichet-help-launcher:focus-visible,.guichet-help-close:focus-visible{outline:3px solid #ffbf47;",
    "outline-offset:2px}",
    ".guichet-help-panel{position:fixed;right:1rem;bottom:4.75rem;z-index:2147483001;width:min(26rem,",
    "calc(100vw - 2rem));height:min(36rem,calc(100vh - 6.5rem));display:flex;flex-direction:column;",
    "background:#fff;color:#1a1a1a;border:1px solid #6b6b6b;border-radius:.5rem;",
    "box-shadow:0 4px 20px rgba(0,0,0,.35);font:1rem/1.4 system-ui,sans-serif}",
    ".guichet-help-panel[hidden]{display:none}",
    ".guichet-help-header{display:flex;align-items:center;justify-content:space-between;",
    "padding:.5rem .75rem;background:#1d3f8f;color:#fff;border-radius:.5rem .5rem 0 0}",
    ".guichet-help-header h2{margin:0;font-size:1.1rem;color:#fff}",
    ".guichet-help-close{font:inherit;color:#fff;background:transparent;border:1px solid #fff;",
    "border-radius:.25rem;padding:.25rem .6rem;cursor:pointer}",
    ".guichet-help-frame{flex:1;width:100%;border:0;border-radius:0 0 .5rem .5rem}"
  ].join("");
  document.head.appendChild(style);

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "guichet-help-launcher";
  launcher.textContent = strings.open;
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", panelId);

  var panel = document.createElement("section");
  panel.id = panelId;
  panel.className = "guichet-help-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "false");
  panel.setAttribute("aria-labelledby", titleId);

  var header = document.createElement("div");
  header.className = "guichet-help-header";
  var title = document.createElement("h2");
  title.id = titleId;
  title.textContent = strings.title;
  var close = document.createElement("button");
  close.type = "button";
  close.className = "guichet-help-close";
  close.textContent = "×";
  close.setAttribute("aria-label", strings.close);
  close.title = strings.close;
  header.appendChild(title);
  header.appendChild(close);
  panel.appendChild(header);

  var frame = null;

  function panelUrl() {
    var params = new URLSearchParams();
    if (brique) { params.set("brique", brique); }
    params.set("page", window.location.href.slice(0, 500));
    return guichet + config.panelPath + "?" + params.toString();
  }

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.className = "guichet-help-frame";
      frame.title = strings.frame;
      frame.src = panelUrl();
      frame.addEventListener("load", function () {
        if (!panel.hidden) { frame.contentWindow.postMessage("guichet:focus", guichet); }
      });
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
    frame.contentWindow.postMessage("guichet:focus", guichet);
  }

  function shut() {
    if (panel.hidden) { return; }
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) { open(); } else { shut(); }
  });
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); shut(); }
  });
  // Escape pressed inside the frame: the panel page tells us.
  window.addEventListener("message", function (event) {
    if (event.origin === guichet && event.data === "guichet:close") { shut(); }
  });

  document.body.appendChild(launcher);
  document.body.appendChild(panel);
})({{ config|safe }});
