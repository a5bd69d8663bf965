/* Shared page behaviour, loaded by base.html (no inline scripts or handlers: the CSP forbids them).
 *
 * - After a form comes back with errors, the first error is scrolled into view and its field focused, so the
 *   message is never 9,000 px below the screen. Django marks a field with errors aria-invalid="true"; errors
 *   that belong to no field (an .errorlist.nonfield) get the focus themselves.
 * - A <select data-autosubmit> submits its form when changed (the language switcher).
 */
(function () {
  "use strict";

  function focusFirstError() {
    var field = document.querySelector('main form [aria-invalid="true"]');
    var target = field;
    if (!target) {
      var list = document.querySelector("main form .errorlist");
      if (!list) return;
      target = list;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    }
    // A radio group or a hidden widget: focus the first control of it that can take focus.
    if (target.offsetParent === null && target.querySelector) {
      var inner = target.querySelector("input, select, textarea");
      if (inner) target = inner;
    }
    target.scrollIntoView({ block: "center" });
    try {
      target.focus({ preventScroll: true });
    } catch (e) {
      target.focus();
    }
  }

  function autosubmit() {
    var selects = document.querySelectorAll("select[data-autosubmit]");
    for (var i = 0; i < selects.length; i++) {
      selects[i].addEventListener("change", function (event) {
        event.target.form.submit();
      });
    }
  }

  function ready() {
    autosubmit();
    focusFirstError();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
