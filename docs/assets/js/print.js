// Printing (Ctrl+P on any page, and the handout, .ci/handout.py): light colours and every
// collapsed block open, except quiz answers, which belong in the answer key. CSS alone cannot
// open a <details>; print.css handles everything else. afterprint puts the page back as it was.
(function () {
  "use strict";
  var opened = [];
  var scheme = null;

  function beforePrint() {
    var body = document.body;
    if (body && body.hasAttribute("data-md-color-scheme")) {
      scheme = body.getAttribute("data-md-color-scheme");
      body.setAttribute("data-md-color-scheme", "default");
    }
    document.querySelectorAll("details:not([open]):not(.quiz-answer)").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  }

  function afterPrint() {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    if (scheme !== null) {
      document.body.setAttribute("data-md-color-scheme", scheme);
      scheme = null;
    }
  }

  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
})();
