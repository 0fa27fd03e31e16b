// Progressive enhancement only: every feature here already works without JavaScript.
(function () {
  "use strict";

  // Edition switcher: submit as soon as a reader picks an edition with the mouse or
  // touch. Arrow keys on a closed <select> also fire "change", and leaving the page
  // on that would break keyboard use (WCAG 3.2.2), so keyboard changes bring the
  // button back and Enter submits.
  document.querySelectorAll("[data-edition-switcher]").forEach(function (form) {
    var select = form.querySelector("select");
    var button = form.querySelector("[type=submit]");
    if (!select || !button) {
      return;
    }
    var byKeyboard = false;
    var submit = function () {
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    };
    button.hidden = true;
    select.addEventListener("pointerdown", function () {
      byKeyboard = false;
    });
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Let an open list apply the highlighted option before submitting.
        window.setTimeout(submit, 0);
      } else if (event.key !== "Tab") {
        byKeyboard = true;
      }
    });
    select.addEventListener("change", function () {
      if (byKeyboard) {
        button.hidden = false;
      } else {
        submit();
      }
    });
  });

  // Timeline: year groups are <details>. Offer "expand all / collapse all" when the
  // page provides the (translated) buttons in [data-timeline-controls].
  document.querySelectorAll("[data-timeline]").forEach(function (timeline) {
    var years = timeline.querySelectorAll("details");
    var controls = timeline.querySelector("[data-timeline-controls]");
    if (!controls || years.length < 2) {
      return;
    }
    controls.querySelectorAll("[data-timeline-toggle]").forEach(function (toggle) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("data-timeline-toggle") === "open";
        years.forEach(function (year) {
          year.open = open;
        });
      });
    });
    controls.hidden = false;
  });

  // A link to an event inside a closed year (#event-…) opens that year first.
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) {
      return;
    }
    var closed = false;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        closed = true;
      }
    }
    if (closed) {
      target.scrollIntoView();
    }
  }
  revealTarget();
  window.addEventListener("hashchange", revealTarget);

  // Print every timeline year, then restore what the reader had closed.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    reopened = Array.prototype.filter.call(
      document.querySelectorAll("[data-timeline] details:not([open])"),
      function (details) {
        details.open = true;
        return true;
      }
    );
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (details) {
      details.open = false;
    });
    reopened = [];
  });
})();
