// Live story pages: fetch new updates every 30 seconds and announce them politely.
// The page works without this script (reload to see new updates); with it, new
// updates wait behind a "N new updates" button in an aria-live region, so nothing
// moves under the reader's eyes until they ask for it.
(function () {
  "use strict";

  var POLL_MS = 30000;
  var live = document.querySelector("[data-live]");
  if (!live || !window.fetch) {
    return;
  }
  var endpoint = live.getAttribute("data-live-endpoint");
  var since = live.getAttribute("data-live-since");
  var list = live.querySelector("[data-live-updates]");
  var pinnedBox = live.querySelector(".live__pinned");
  var button = live.querySelector("[data-live-show]");
  // A page showing only the newest updates links to the earlier ones: an update
  // older than the oldest it shows belongs on those pages, not at its foot.
  var bounded = !!live.querySelector("[data-live-earlier]");
  var pending = {}; // id -> update, waiting for the reader to show them
  var gap = false; // more changed than one poll lists: the reader's click reloads
  var timer = null;

  function toNode(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim(); // our own server-rendered, sanitised markup
    return template.content.firstElementChild;
  }

  // Put an update where its time belongs (newest first), replacing its old version.
  function place(update) {
    var node = toNode(update.html);
    var old = document.getElementById(update.id);
    if (old) {
      old.remove();
    }
    if (update.pinned) {
      if (!pinnedBox) {
        pinnedBox = document.createElement("div");
        pinnedBox.className = "live__pinned";
        list.parentNode.insertBefore(pinnedBox, list);
      }
      Array.prototype.forEach.call(pinnedBox.children, function (previous) {
        if (belongsHere(Number(previous.getAttribute("data-posted")))) {
          insertByTime(previous);
        } else {
          previous.remove();
        }
      });
      pinnedBox.appendChild(node);
      return;
    }
    insertByTime(node);
  }

  function oldestShown() {
    var last = list.lastElementChild;
    return last && last.hasAttribute("data-posted")
      ? Number(last.getAttribute("data-posted"))
      : -Infinity;
  }

  // Whether an update posted at `posted` (Unix seconds) is this page's to show.
  function belongsHere(posted) {
    return !bounded || posted >= oldestShown();
  }

  function insertByTime(node) {
    var posted = Number(node.getAttribute("data-posted"));
    var empty = list.querySelector(".empty");
    if (empty) {
      empty.remove();
    }
    var next = Array.prototype.find.call(list.children, function (other) {
      return Number(other.getAttribute("data-posted")) < posted;
    });
    list.insertBefore(node, next || null);
  }

  function showPending() {
    if (gap) {
      window.location.reload();
      return;
    }
    var ids = Object.keys(pending);
    ids.forEach(function (id) {
      place(pending[id]);
    });
    pending = {};
    button.hidden = true;
    button.textContent = "";
    var first = ids.length && document.getElementById(ids[0]);
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus();
    }
  }

  function poll() {
    fetch(endpoint + "?since=" + encodeURIComponent(since), {
      headers: { Accept: "application/json" },
      cache: "no-cache", // revalidate: an unchanged story answers 304
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        since = data.since;
        var shown = data.updates.filter(function (update) {
          return (
            update.pinned ||
            document.getElementById(update.id) ||
            belongsHere(update.posted)
          );
        });
        shown.forEach(function (update) {
          pending[update.id] = update;
        });
        if (data.complete === false) {
          gap = true;
        }
        if (shown.length) {
          button.textContent = data.announcement;
          button.hidden = false;
        }
        if (data.status !== "live") {
          stop();
        }
      })
      .catch(function () {
        // Offline or the server is busy: try again at the next tick.
      });
  }

  function start() {
    if (!timer && live.getAttribute("data-live-status") === "live") {
      timer = window.setInterval(poll, POLL_MS);
    }
  }

  function stop() {
    window.clearInterval(timer);
    timer = null;
  }

  button.addEventListener("click", showPending);
  // Do not poll from a hidden tab; catch up as soon as it is visible again.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      stop();
    } else {
      poll();
      start();
    }
  });

  // Share links open the system share sheet where there is one; elsewhere they are
  // plain links to the update's address.
  live.addEventListener("click", function (event) {
    var link = event.target.closest("[data-live-share]");
    if (link && navigator.share) {
      event.preventDefault();
      navigator.share({ title: document.title, url: link.href }).catch(function () {});
    }
  });

  start();
})();
