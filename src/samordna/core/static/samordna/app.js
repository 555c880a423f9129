// Samordna's small enhancements (no inline scripts: the pages run under a Content Security Policy).
(function () {
  "use strict";

  // A form sent back with errors: move focus to its error summary, so a screen reader reads it
  // and a keyboard user is one Tab from the first field to fix. Its links move focus to the field.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']");
      (field.closest("fieldset") || label || field).scrollIntoView();
      field.focus();
    });
  }

  // Every table in the page scrolls inside its own box (templates may give the box themselves),
  // so a wide one never makes the whole page scroll sideways on a phone.
  function boxTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.parentElement.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  // A box that does scroll must be reachable by keyboard.
  function makeScrollBoxesFocusable() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          var caption = box.querySelector("caption");
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : box.dataset.label || document.title);
        }
      }
    });
  }

  // <button data-print> prints the page.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  // <form data-upload-progress="ID"> shows how much of its htmx upload has been sent in the
  // <progress id="ID"> element.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest("[data-upload-progress]");
    var bar = form && document.getElementById(form.dataset.uploadProgress);
    if (!bar) return;
    var detail = event.detail;
    bar.value = detail.total ? Math.round((detail.loaded * 100) / detail.total) : 0;
  });

  // A long form's "3 of 12 questions answered" follows the answers as they are given.
  function trackQuestionProgress() {
    document.querySelectorAll("[data-question-progress]").forEach(function (progress) {
      var form = progress.closest("form");
      var answered = progress.querySelector("[data-answered]");
      if (!form || !answered) return;
      form.addEventListener("change", function () {
        answered.textContent = form.querySelectorAll(".survey-question input:checked").length;
      });
    });
  }

  function fitTables() {
    boxTables();
    makeScrollBoxesFocusable();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    trackQuestionProgress();
    fitTables();
  });
  window.addEventListener("resize", makeScrollBoxesFocusable);
  document.addEventListener("htmx:afterSettle", fitTables);
})();
