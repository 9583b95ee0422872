// Progressive enhancement: a mouse selection in the article fills the passage form.
// Without JavaScript the form offers the article's sentences in a list.
(function () {
  "use strict";
  var text = document.querySelector("[data-passage-target]");
  var form = document.getElementById("passage-form");
  if (!text || !form) { return; }
  var start = form.querySelector("[data-passage-start]");
  var end = form.querySelector("[data-passage-end]");
  var quote = form.querySelector("[data-passage-quote]");
  var shown = form.querySelector("[data-passage-selection]");

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function onSelect() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var from = offsetOf(range.startContainer, range.startOffset);
    var to = offsetOf(range.endContainer, range.endOffset);
    var chosen = range.toString();
    var trimmed = chosen.replace(/^\s+/, "");
    from += chosen.length - trimmed.length;
    trimmed = trimmed.replace(/\s+$/, "");
    to = from + trimmed.length;
    if (to <= from) { return; }
    start.value = String(from);
    end.value = String(to);
    quote.value = trimmed;
    start.disabled = false;
    end.disabled = false;
    shown.textContent = form.getAttribute("data-selected-label") || "";
    shown.textContent += " “" + trimmed + "”";
    shown.hidden = false;
  }

  text.addEventListener("mouseup", onSelect);
  text.addEventListener("keyup", onSelect);
})();
