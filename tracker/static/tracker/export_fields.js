// The "Select all" box of django-import-export's export page, bound here rather than by the
// library's inline onchange, which the Content Security Policy never runs
// (templates/admin/import_export/export.html). It ticks or unticks every field, as the
// library's own handler does.
document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll("input.select-toggle")) {
    toggle.addEventListener("change", () => {
      const fields = document.querySelectorAll(
        '.selectable-field-export-row input[type="checkbox"]:not(.select-toggle)',
      );
      for (const field of fields) {
        field.checked = toggle.checked;
      }
    });
  }
});
