// The Annotate page without a form to fill by hand: a passage selected in
// the article fills the "Make a quote from a passage" form with its words
// and their offsets in the body; a suggestion marked in the text leads to
// its card. The page works without this script (copy the words instead).
(function () {
  "use strict";
  var text = document.getElementById("desk-text");
  if (!text) return;
  var words = document.getElementById("id_new-text");
  var start = document.getElementById("id_new-start");
  var end = document.getElementById("id_new-end");

  // Offset of a point (node, offset) in the article's body: the paragraph's
  // own start plus the length of its text before the point.
  function bodyOffset(node, offset) {
    var element = node.nodeType === 1 ? node : node.parentNode;
    var paragraph = element.closest("[data-start]");
    if (!paragraph || !text.contains(paragraph)) return null;
    var before = document.createRange();
    before.setStart(paragraph, 0);
    before.setEnd(node, offset);
    return parseInt(paragraph.dataset.start, 10) + before.toString().length;
  }

  function takeSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    if (!text.contains(range.commonAncestorContainer)) return;
    var from = bodyOffset(range.startContainer, range.startOffset);
    var to = bodyOffset(range.endContainer, range.endOffset);
    if (from === null || to === null) return;
    var chosen = range.toString();
    // Leave out the spaces and quotation marks around the words.
    var lead = chosen.match(/^[\s"'“”‘’«»„]*/)[0].length;
    var trail = chosen.match(/[\s"'“”‘’«»„]*$/)[0].length;
    if (lead + trail >= chosen.length) return;
    // A selection across paragraphs counts the text between them too.
    var body = chosen.slice(lead, chosen.length - trail);
    words.value = body;
    start.value = from + lead;
    end.value = to - trail;
    document.getElementById("desk-passage").scrollIntoView({ behavior: "smooth", block: "start" });
    words.focus();
  }

  text.addEventListener("mouseup", takeSelection);
  text.addEventListener("keyup", function (event) {
    if (event.shiftKey) takeSelection();
  });
  // Typing in the words box again means the offsets no longer hold.
  words.addEventListener("input", function () {
    start.value = "";
    end.value = "";
  });

  text.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.desk-suggestion");
    if (!mark || !window.getSelection().isCollapsed) return;
    var card = document.getElementById(mark.dataset.anchor);
    if (!card) return;
    document.querySelectorAll(".desk-current").forEach(function (el) {
      el.classList.remove("desk-current");
    });
    card.classList.add("desk-current");
    mark.classList.add("desk-current");
    card.scrollIntoView({ behavior: "smooth", block: "center" });
  });
})();
