/* "Search before you submit" on the ticket form: suggestions as the requester types.
 *
 * Progressive enhancement: without this script the page shows a search step first and the
 * form after it (server-side). With it, the form shows at once and the articles that match
 * the title and description appear in a live region; each opens in place. Requests are
 * debounced and a newer one aborts the one in flight. No framework, no third-party code.
 */
(function () {
  "use strict";

  var DELAY_MS = 350;
  var MIN_LENGTH = 3;

  var form = document.querySelector("[data-ticket-form]");
  var panel = document.querySelector("[data-self-service]");
  if (!form || !panel || !window.fetch || !window.AbortController) {
    return;
  }
  var step = document.querySelector("[data-search-step]");
  var title = form.querySelector('[name="title"]');
  var description = form.querySelector('[name="description"]');
  var attemptInput = form.querySelector('[name="attempt"]');
  var status = panel.querySelector("[data-self-service-status]");
  var list = panel.querySelector("[data-self-service-list]");
  var choices = panel.querySelector("[data-self-service-choices]");
  var solvedArticle = document.querySelector("[data-solved-article]");
  var attempt = attemptInput ? attemptInput.value : "";

  // One page: the search step goes, the form and its live region come.
  if (step) {
    step.hidden = true;
  }
  form.hidden = false;
  panel.hidden = false;

  var timer = null;
  var inFlight = null;
  var lastQuery = null;

  function queryText() {
    return ((title ? title.value : "") + " " + (description ? description.value : ""))
      .replace(/\s+/g, " ")
      .trim();
  }

  function withAttempt(url, params) {
    var search = new URLSearchParams(params || {});
    if (attempt) {
      search.set("attempt", attempt);
    }
    return url + (url.indexOf("?") === -1 ? "?" : "&") + search.toString();
  }

  function clear(message) {
    list.textContent = "";
    choices.hidden = true;
    status.textContent = message || "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function toggle(button, region, item) {
    var open = button.getAttribute("aria-expanded") === "true";
    if (open) {
      button.setAttribute("aria-expanded", "false");
      button.textContent = panel.dataset.openLabel;
      region.hidden = true;
      return;
    }
    var show = function () {
      region.hidden = false;
      button.setAttribute("aria-expanded", "true");
      button.textContent = panel.dataset.closeLabel;
      if (solvedArticle) {
        solvedArticle.value = String(item.id);
      }
    };
    if (region.dataset.loaded) {
      show();
      return;
    }
    fetch(withAttempt(item.open_url, { fragment: "1" }), {
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        // Server-rendered, escaped by Django: the article as the requester may read it.
        region.innerHTML = html;
        region.dataset.loaded = "1";
        show();
      })
      .catch(function () {
        region.textContent = panel.dataset.errorLabel;
        region.hidden = false;
      });
  }

  function render(data) {
    list.textContent = "";
    data.results.forEach(function (item, index) {
      var li = element("li", "suggestion");
      var heading = element("h3", "suggestion-title");
      var link = element("a", null, item.title);
      link.href = item.url;
      heading.appendChild(link);
      if (!item.own_brique && item.brique_title) {
        heading.appendChild(
          element("span", "suggestion-brique", " (" + panel.dataset.otherLabel + " " + item.brique_title + ")")
        );
      }
      li.appendChild(heading);
      if (item.summary) {
        li.appendChild(element("p", "help", item.summary));
      }
      var regionId = "suggestion-" + item.id + "-" + index;
      var button = element("button", "link-button suggestion-open", panel.dataset.openLabel);
      button.type = "button";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", regionId);
      var region = element("div", "suggestion-body");
      region.id = regionId;
      region.hidden = true;
      button.addEventListener("click", function () {
        toggle(button, region, item);
      });
      li.appendChild(button);
      li.appendChild(region);
      list.appendChild(li);
    });
    choices.hidden = data.results.length === 0;
    status.textContent = data.status;
  }

  function search() {
    var text = queryText();
    if (text === lastQuery) {
      return;
    }
    lastQuery = text;
    if (inFlight) {
      inFlight.abort();
      inFlight = null;
    }
    if (text.length < MIN_LENGTH) {
      clear("");
      return;
    }
    var controller = new AbortController();
    inFlight = controller;
    fetch(withAttempt(panel.dataset.url, { q: text }), {
      signal: controller.signal,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        if (inFlight === controller) {
          inFlight = null;
          render(data);
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError" && inFlight === controller) {
          inFlight = null;
          lastQuery = null;
        }
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, DELAY_MS);
  }

  [title, description].forEach(function (field) {
    if (field) {
      field.addEventListener("input", schedule);
    }
  });

  // "Cela a résolu mon problème": the separate "solved" form (the attempt and the article open).
  var solvedButton = panel.querySelector("[data-self-service-solved]");
  var solvedForm = document.getElementById("self-service-solved");
  if (solvedButton && solvedForm) {
    solvedButton.addEventListener("click", function () {
      if (solvedForm.requestSubmit) {
        solvedForm.requestSubmit();
      } else {
        solvedForm.submit();
      }
    });
  }

  // "Ma demande n'est pas résolue": on with the form, from the next question.
  var next = panel.querySelector("[data-self-service-continue]");
  if (next) {
    next.addEventListener("click", function () {
      var rest = document.getElementById("ticket-form-rest");
      var target = rest && rest.querySelector("input:not([type=hidden]), select, textarea");
      if (target) {
        target.focus();
      }
    });
  }

  // A title prefilled (from the search step) gets its suggestions at once.
  if (queryText().length >= MIN_LENGTH) {
    search();
  }
})();
