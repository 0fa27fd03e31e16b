// The interactive timeline (TimelineJS 3, vendored under static/vendor/). Everything it
// needs comes from the container's data- attributes, so the page has no inline script
// and the strict CSP holds: data-source (our TimelineJS JSON for this edition),
// data-language (a TimelineJS locale code, or the URL of our own ckb.json),
// data-script-path (where TimelineJS finds its locale folder).
(function () {
  "use strict";

  var container = document.getElementById("timeline-embed");
  if (!container || typeof TL === "undefined") {
    return;
  }
  var data = container.dataset;
  container.hidden = false;
  // TimelineJS styles its elements through the CSSOM (element.style), which CSP's
  // style-src does not govern; it injects no <style> and no style="" markup.
  new TL.Timeline(container, data.source, {
    language: data.language,
    script_path: data.scriptPath,
    font: null, // the site's own typefaces; TimelineJS would fetch web fonts
    hash_bookmark: false,
    initial_zoom: 2,
    timenav_position: "bottom"
  });
})();
