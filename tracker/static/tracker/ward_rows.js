// The ward page's cards: each saves alone through fetch and only its card is redrawn,
// so what is typed in the other cards stays; the bar at the bottom counts the cards
// changed and not saved. Without script the same buttons post the whole form and the
// server keeps the other cards' edits in the page it sends back.
(function () {
  "use strict";
  var form = document.getElementById("ward-results");
  if (!form) { return; }
  var KEY = "ward-rows:" + window.location.pathname + window.location.search;
  var countBox = form.querySelector("#save-all .dirty-count");
  var note = document.getElementById("save-bar-note");

  function controls(card) {
    return Array.prototype.filter.call(
      card.querySelectorAll("input, select, textarea"),
      function (e) { return e.form === form && e.name; }
    );
  }

  function edited(e) {
    if (e.type === "hidden") { return false; }
    if (e.tagName === "SELECT") {
      return Array.prototype.some.call(e.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return e.value !== e.defaultValue;
  }

  function isDirty(card) { return controls(card).some(edited); }

  function recount() {
    var n = 0;
    form.querySelectorAll("li.criterion-card").forEach(function (card) {
      var dirty = isDirty(card);
      card.classList.toggle("is-dirty", dirty);
      n += dirty ? 1 : 0;
    });
    if (countBox) { countBox.textContent = n ? " (" + n + ")" : ""; }
    if (note) {
      note.textContent = n === 0 ? "" : n === 1 ? form.dataset.dirtyOne
        : form.dataset.dirtyMany.replace("%(count)s", n);
    }
  }

  function say(card, text, ok) {
    var box = card.querySelector(".row-status");
    if (!box) { return; }
    box.classList.toggle("errors", !ok);
    box.classList.toggle("saved", ok);
    // A moment after the card is drawn, so screen readers announce the change.
    window.setTimeout(function () { box.textContent = text; }, 50);
  }

  function save(card, button) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append(button.name, button.value);
    controls(card).forEach(function (e) { data.append(e.name, e.value); });
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (!answer.html) {
        button.disabled = false;
        say(card, answer.message, false);
        return;
      }
      var id = card.id;
      card.outerHTML = answer.html;
      var fresh = document.getElementById(id);
      say(fresh, answer.message, answer.ok);
      var completion = document.getElementById("ward-completion");
      if (completion && answer.met) { completion.textContent = answer.met; }
      var next = fresh.querySelector(answer.ok ? "button.row-save" : "[aria-invalid], .errors + *, select");
      (next || fresh.querySelector("button.row-save")).focus();
      recount();
    }).catch(function () {
      button.disabled = false;
      say(card, form.dataset.failed, false);
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button.row-save");
    if (!button) { return; }
    event.preventDefault();
    save(button.closest("li.criterion-card"), button);
  });
  // Enter in a figure saves its own card, not every card.
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT" || event.target.type === "file") { return; }
    var card = event.target.closest("li.criterion-card");
    if (!card) { return; }
    event.preventDefault();
    save(card, card.querySelector("button.row-save"));
  });
  form.addEventListener("input", recount);
  form.addEventListener("change", recount);

  // An evidence upload or removal reloads the page: the cards' unsaved edits are kept
  // for it in this tab, and typed back if the card's version is still the one shown.
  document.addEventListener("submit", function (event) {
    if (event.target === form) { return; }
    var kept = {};
    form.querySelectorAll("li.criterion-card.is-dirty").forEach(function (card) {
      var version = card.querySelector('input[name$="-version"]');
      var values = {};
      controls(card).forEach(function (e) { if (edited(e)) { values[e.id] = e.value; } });
      kept[card.id] = { version: version ? version.value : "", values: values };
    });
    try { window.sessionStorage.setItem(KEY, JSON.stringify(kept)); } catch (ignored) { /* private mode */ }
  }, true);
  var stored = null;
  try {
    stored = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    window.sessionStorage.removeItem(KEY);
  } catch (ignored) { stored = null; }
  Object.keys(stored || {}).forEach(function (id) {
    var card = document.getElementById(id);
    var version = card && card.querySelector('input[name$="-version"]');
    if (!version || version.value !== stored[id].version) { return; }
    Object.keys(stored[id].values).forEach(function (field) {
      var e = document.getElementById(field);
      if (e) { e.value = stored[id].values[field]; }
    });
  });
  recount();
})();
