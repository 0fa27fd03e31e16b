// Progressive enhancement only: every feature here already works without JavaScript.
(function () {
  "use strict";

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
