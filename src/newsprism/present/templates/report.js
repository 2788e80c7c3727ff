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
  // The index: its column buttons sort the stories (a storyline moves with its events), its
  // search box keeps the stories whose title or outlets have every word typed.
  var index = document.querySelector("table.story-index");
  if (index) {
    var groups = Array.prototype.slice.call(index.tBodies).filter(function (g) {
      return !g.classList.contains("fixed");
    });
    var fixed = index.querySelector("tbody.fixed");
    index.querySelectorAll("button[data-sort]").forEach(function (button) {
      button.disabled = false;
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-sort");
        var th = button.closest("th");
        var numeric = key === "articles" || key === "outlets";
        // the first click puts the biggest, the latest or A first; the next one reverses
        var preferred = key === "title" ? "ascending" : "descending";
        var ascending = th.getAttribute("aria-sort") === preferred ? preferred !== "ascending" : preferred === "ascending";
        index.querySelectorAll("th").forEach(function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        groups.sort(function (a, b) {
          var x = a.getAttribute("data-" + key), y = b.getAttribute("data-" + key);
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
          return ascending ? order : -order;
        });
        groups.forEach(function (g) {
          index.insertBefore(g, fixed);
        });
      });
    });
    var filter = document.querySelector(".index-filter");
    if (filter) {
      filter.hidden = false;
      filter.addEventListener("input", function () {
        var wanted = filter.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
        groups.forEach(function (g) {
          var text = g.textContent.toLocaleLowerCase();
          g.hidden = !wanted.every(function (w) {
            return text.indexOf(w) >= 0;
          });
        });
      });
    }
  }
  // A big report keeps each comparison gzip-compressed in its placeholder (data-packed); it is
  // unpacked in place when it is opened: its button, a link to it or into it, "open every".
  function unpack(section) {
    if (!section.__opening) {
      var bytes = Uint8Array.from(atob(section.getAttribute("data-packed")), function (c) {
        return c.charCodeAt(0);
      });
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      section.__opening = new Response(stream).text().then(function (html) {
        section.insertAdjacentHTML("afterend", html);
        section.remove();
      });
    }
    return section.__opening;
  }
  function packedFor(id) {
    var found = null;
    document.querySelectorAll("section.packed").forEach(function (section) {
      if (id === section.id || id.indexOf(section.id + "-") === 0) found = section;
    });
    return found;
  }
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var section = id && packedFor(id);
    if (!section) return;
    unpack(section).then(function () {
      var target = document.getElementById(id);
      if (target) target.scrollIntoView();
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.unpack, button.unpack-all");
    if (!button) return;
    var sections = button.classList.contains("unpack")
      ? [button.closest("section.packed")]
      : Array.prototype.slice.call(document.querySelectorAll("section.packed"));
    sections.reduce(function (done, section) {
      return done.then(function () {
        return unpack(section);
      });
    }, Promise.resolve()).then(function () {
      button.disabled = true;
    });
  });
  var all = document.querySelector("button.unpack-all");
  if (all) all.hidden = false;
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
