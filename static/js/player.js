// The course player: previous/next lesson from the keyboard, and the outline keeps its scroll
// position from lesson to lesson. Loaded by the lesson page only (the CSP forbids inline script).
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, video, iframe, [contenteditable=''], [contenteditable=true]"));
  }

  // "[" and "]" go to the previous and the next lesson; with Alt, so do the arrow keys in the
  // reading direction (in Arabic the next lesson is to the left).
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var rtl = document.documentElement.dir === "rtl";
    var rel = null;
    if (event.key === "[" && !event.altKey) rel = "prev";
    else if (event.key === "]" && !event.altKey) rel = "next";
    else if (event.altKey && event.key === "ArrowLeft") rel = rtl ? "next" : "prev";
    else if (event.altKey && event.key === "ArrowRight") rel = rtl ? "prev" : "next";
    if (!rel) return;
    var link = document.querySelector(".player__lesson a[rel=" + rel + "]");
    if (link) {
      event.preventDefault();
      link.click();
    }
  });

  // The outline's scroll position, per course, for this tab.
  var outline = document.querySelector(".player__outline");
  if (!outline) return;
  var key = "volmify:outline-scroll:" + (outline.getAttribute("data-course") || "");
  try {
    var saved = window.sessionStorage.getItem(key);
    if (saved !== null) outline.scrollTop = parseInt(saved, 10) || 0;
  } catch (error) { /* storage refused: nothing to restore */ }
  var pending = false;
  outline.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      try { window.sessionStorage.setItem(key, String(outline.scrollTop)); } catch (error) { /* ignore */ }
    });
  }, { passive: true });
})();
