// Evidence uploads on the ward page, with a progress bar for large files.
// A static file, as the Content Security Policy runs no inline script. Without
// script the forms post as usual; with it, the same post goes through
// XMLHttpRequest, whose upload events feed the <progress> of the form.
// The forms are empty: their controls sit in the criterion's card and name the
// form (form="…"), so they are reached through form.elements, the bar by data-for.
(function () {
  "use strict";
  document.querySelectorAll("form.evidence-upload").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var bar = form.id ? document.querySelector('progress[data-for="' + form.id + '"]') : null;
      var buttons = Array.prototype.filter.call(form.elements, function (e) {
        return e.tagName === "BUTTON";
      });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      // The view answers with where to go next, its messages kept for that page.
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (e) {
        if (bar && e.lengthComputable) {
          bar.hidden = false;
          bar.value = Math.round((100 * e.loaded) / e.total);
        }
      });
      xhr.addEventListener("load", function () {
        var next = window.location.href;
        try {
          next = JSON.parse(xhr.responseText).location || next;
        } catch (ignored) {
          // A refusal page (403, 413): show it as a plain post would.
          document.documentElement.innerHTML = xhr.responseText;
          return;
        }
        var target = new URL(next, window.location.href);
        var here = new URL(window.location.href);
        if (target.pathname + target.search === here.pathname + here.search) {
          window.location.hash = target.hash;
          window.location.reload();
        } else {
          window.location.assign(target.href);
        }
      });
      xhr.addEventListener("error", function () {
        buttons.forEach(function (b) { b.disabled = false; });
        if (bar) { bar.hidden = true; }
        window.alert(form.dataset.failed || "Tải lên không thành công, hãy thử lại.");
      });
      buttons.forEach(function (b) { b.disabled = true; });
      xhr.send(new FormData(form));
    });
  });
})();
