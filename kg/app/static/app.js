/* kg app: the only script of the pages (no inline scripts; nothing fetched from elsewhere). */
(function () {
  "use strict";
  document.querySelectorAll("select.autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.body.setAttribute("data-ready", "1");
})();
