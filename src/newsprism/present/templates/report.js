(function () {
  "use strict";
  // Click a sentence: its aligned sentences (same data-fact) in the story's other columns light up
  // and scroll into view. A column scrolls itself on a wide screen; on a phone the page scrolls.
  function reveal(el, first) {
    var box = el.closest(".text");
    if (box && box.scrollHeight > box.clientHeight + 1) {
      var top = el.getBoundingClientRect().top - box.getBoundingClientRect().top;
      box.scrollTop += top - box.clientHeight / 3;
    } else if (first) {
      el.scrollIntoView({ block: "center" });
    }
  }
  function select(story, fact, origin) {
    story.querySelectorAll(".cols .active, .cols .aligned").forEach(function (el) {
      el.classList.remove("active", "aligned");
    });
    var first = true;
    story.querySelectorAll('.cols [data-fact="' + CSS.escape(fact) + '"]').forEach(function (el) {
      if (el === origin) {
        el.classList.add("active");
        return;
      }
      el.classList.add("aligned");
      reveal(el, first);
      first = false;
    });
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest(".cols [data-fact], [data-goto-fact]");
    var story = target && target.closest(".story");
    if (!story) return;
    if (target.hasAttribute("data-goto-fact")) {
      select(story, target.getAttribute("data-goto-fact"), null);
    } else {
      select(story, target.getAttribute("data-fact"), target);
    }
  });
  // The legend's checkboxes show or hide one kind of highlight in a story's columns.
  document.addEventListener("change", function (event) {
    var box = event.target;
    var layer = box.getAttribute && box.getAttribute("data-layer");
    var story = box.closest && box.closest(".story");
    if (layer && story) story.classList.toggle("hide-" + layer, !box.checked);
  });
})();
