/* Drag-and-drop ordering of the studio outline with SortableJS.
   Each list with data-sortable posts its new order (and, for sections and lessons, its parent)
   through htmx; the server validates and answers with the re-rendered outline. The move up/down
   buttons are the keyboard and no-JS fallback. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("#outline-editor input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function bind(root) {
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

  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "outline-editor") bind(event.detail.target);
  });
})();
