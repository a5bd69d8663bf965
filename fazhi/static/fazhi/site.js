/* Behaviour that used to sit in inline event handlers, which the Content-Security-Policy forbids.
 *   <select data-submit-on-change>  submits its form when changed (the language switch);
 *   <select data-navigate>          opens the address chosen (a law's versions);
 *   <form data-no-submit>           is never sent (a survey's preview).
 */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLSelectElement)) return;
    if (target.hasAttribute("data-submit-on-change") && target.form) {
      target.form.submit();
    } else if (target.hasAttribute("data-navigate") && target.value) {
      window.location.href = target.value;
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-no-submit")) event.preventDefault();
  });
})();
