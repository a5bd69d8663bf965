/* Shared page behaviour, loaded by base.html (no inline scripts or handlers: the CSP forbids them).
 *
 * - After a form comes back with errors, the first error is scrolled into view and its field focused, so the
 *   message is never 9,000 px below the screen. Django marks a field with errors aria-invalid="true"; errors
 *   that belong to no field (an .errorlist.nonfield) get the focus themselves.
 * - A <select data-autosubmit> submits its form when changed (the language switcher); a <form data-no-submit>
 *   (a survey's preview) is never sent.
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
    // A group (a fieldset of radios) or a hidden widget: focus its first control, or the group itself.
    if (!target.matches("input:not([type=hidden]), select, textarea, button, a[href], [tabindex]")) {
      var inner = target.querySelector("input:not([type=hidden]), select, textarea");
      if (inner) target = inner;
      else target.setAttribute("tabindex", "-1");
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

  function noSubmit() {
    // A preview of a form (<form data-no-submit>): shown, never sent.
    var forms = document.querySelectorAll("form[data-no-submit]");
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener("submit", function (event) {
        event.preventDefault();
      });
    }
  }

  function ready() {
    autosubmit();
    noSubmit();
    focusFirstError();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
