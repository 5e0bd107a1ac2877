/* The studio's curriculum builder, on top of htmx (no inline script: the CSP forbids it).
   - Drag and drop with SortableJS: each list with data-sortable posts its new order (and, for
     sections and lessons, its parent); the server validates and answers with the re-rendered
     outline. The move up/down buttons are the keyboard and no-JS alternative.
   - Modules fold and unfold (data-fold); which ones are folded is remembered for the session.
   - The side panel (#outline-panel): its links load into it, Close empties it and gives the
     focus back to the row that opened it. */
(function () {
  "use strict";

  var opener = null;

  function csrfToken() {
    var input = document.querySelector("#outline-editor input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function foldKey() {
    var editor = document.getElementById("outline-editor");
    return "volmify-outline-folded:" + (editor ? editor.dataset.course : "");
  }

  function folded() {
    try { return JSON.parse(sessionStorage.getItem(foldKey()) || "[]"); } catch (e) { return []; }
  }

  function setFold(button, expanded) {
    var body = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    if (body) body.hidden = !expanded;
  }

  function saveFolds(root) {
    var ids = [];
    root.querySelectorAll("[data-fold][aria-expanded=false]").forEach(function (button) {
      ids.push(button.getAttribute("aria-controls"));
    });
    try { sessionStorage.setItem(foldKey(), JSON.stringify(ids)); } catch (e) { /* private mode */ }
  }

  function bindFolds(root) {
    var closed = folded();
    root.querySelectorAll("[data-fold]").forEach(function (button) {
      button.hidden = false;
      setFold(button, closed.indexOf(button.getAttribute("aria-controls")) === -1);
    });
    root.querySelectorAll("[data-fold-all]").forEach(function (group) { group.hidden = false; });
  }

  function bindSortable(root) {
    var editor = document.getElementById("outline-editor");
    if (!editor || typeof Sortable === "undefined" || typeof htmx === "undefined") return;
    var url = editor.dataset.reorderUrl;
    root.querySelectorAll("[data-sortable]").forEach(function (list) {
      var kind = list.dataset.sortable;
      Sortable.create(list, {
        group: kind, // lessons drag between sections, sections between modules
        handle: ".outline__handle",
        animation: 150,
        onEnd: function (event) {
          var target = event.to;
          var ids = Array.prototype.map.call(target.children, function (item) { return item.dataset.id; });
          htmx.ajax("POST", url, {
            target: "#outline-editor",
            swap: "innerHTML",
            values: { kind: kind, parent: target.dataset.parent, ids: ids },
            headers: { "X-CSRFToken": csrfToken() }
          });
        }
      });
    });
  }

  function bind(root) {
    bindSortable(root);
    bindFolds(root);
  }

  document.addEventListener("click", function (event) {
    var fold = event.target.closest && event.target.closest("[data-fold]");
    if (fold) {
      setFold(fold, fold.getAttribute("aria-expanded") !== "true");
      saveFolds(document);
      return;
    }
    var all = event.target.closest && event.target.closest("[data-fold-all-action]");
    if (all) {
      var expand = all.getAttribute("data-fold-all-action") === "expand";
      document.querySelectorAll("[data-fold]").forEach(function (button) { setFold(button, expand); });
      saveFolds(document);
      return;
    }
    var open = event.target.closest && event.target.closest("[data-panel-open]");
    if (open && typeof htmx !== "undefined") {
      // Rows carry plain links (no hx-* per row keeps a long outline light); load them into the panel.
      event.preventDefault();
      opener = open;
      htmx.ajax("GET", open.getAttribute("href"), { target: "#outline-panel", swap: "innerHTML" });
      return;
    }
    var close = event.target.closest && event.target.closest("#outline-panel [data-panel-close]");
    if (close) {
      event.preventDefault();
      document.getElementById("outline-panel").innerHTML = "";
      if (opener && document.body.contains(opener)) opener.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    var panel = document.getElementById("outline-panel");
    if (event.key === "Escape" && panel && panel.innerHTML.trim()) {
      var close = panel.querySelector("[data-panel-close]");
      if (close) close.click();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    if (target.id === "outline-editor") bind(target);
    if (target.id === "outline-panel") {
      var first = target.querySelector("[autofocus], input:not([type=hidden]), select, button");
      if (first) first.focus();
    }
  });
})();
