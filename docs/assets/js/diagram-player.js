// Step-through diagrams (docs/_overrides/partials/guide/figure.html, macros/figures.py).
//
// Each figure.diagram holds an <img> of its SVG and the numbered step list. Without this
// script, in print and on the print page, that static figure is the whole story. With it:
// - the SVG is fetched (same origin, the same file as the <img>, so nothing new is
//   downloaded) and put inline, so its parts can be highlighted; ids come from the flow
//   declaration (diagrams/_flow.py): <name>--step-<n> is step n's arrow and label,
//   <name>--node-<key> a box. This script only switches classes; diagrams.css draws them.
// - controls under the picture: Previous step, Next step, Play/Pause, Show all, Full screen;
//   the current list line gets aria-current="step", and the step is announced politely.
// - a click on a list line or an arrow jumps to that step; Left/Right/Home/End step while
//   focus is in the figure; #diagram-<name>-step-<n> in the address opens that step.
// - full screen (Fullscreen API where there is one, else a fixed overlay) with zoom: buttons,
//   + / - / 0 keys, pinch and ctrl+wheel; drag to pan when zoomed.
// No inline styles in markup: transforms are set through the CSSOM, which the
// Content-Security-Policy allows.
(function () {
  "use strict";

  var PLAY_INTERVAL = 2500;  // ms a step stays lit while playing
  var MIN_ZOOM = 1, MAX_ZOOM = 6, ZOOM_STEP = 1.5;
  var STEP_HASH = /^#diagram-([a-z0-9]+(?:-[a-z0-9]+)*)-step-(\d+)$/;
  var players = {};

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function text(el) {
    return (el.textContent || "").replace(/\s+/g, " ").trim();
  }

  function button(label, action, className) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className || "diagram-button";
    b.setAttribute("data-action", action);
    b.textContent = label;
    return b;
  }

  function Player(figure) {
    var self = this;
    this.figure = figure;
    this.name = figure.getAttribute("data-diagram");
    this.title = figure.getAttribute("data-title") || "diagram";
    this.items = Array.prototype.slice.call(figure.querySelectorAll("ol.diagram-steps > li[data-step]"));
    this.total = this.items.length;
    this.current = 0;  // 0: every step shown, none lit
    this.timer = null;
    this.svg = null;
    this.loading = null;
    this.zoom = { scale: 1, x: 0, y: 0 };
    this.pointers = {};
    this.gesture = null;
    this.nativeFullscreen = false;

    var img = figure.querySelector("img");
    this.img = img;
    // The picture's frame: a focusable group (arrow keys step) holding the stage that zooms.
    var canvas = document.createElement("div");
    canvas.className = "diagram-canvas";
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "group");
    canvas.setAttribute("aria-label", this.title + ": picture. Left and right arrow keys step through it.");
    var stage = document.createElement("div");
    stage.className = "diagram-stage";
    figure.insertBefore(canvas, img);
    stage.appendChild(img);
    canvas.appendChild(stage);
    this.canvas = canvas;
    this.stage = stage;

    var controls = document.createElement("div");
    controls.className = "diagram-controls";
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", "Step through: " + this.title);
    this.prevButton = button("Previous step", "prev");
    this.nextButton = button("Next step", "next");
    this.playButton = button("Play", "play");
    this.allButton = button("Show all", "all");
    this.fullButton = button("Full screen", "fullscreen", "diagram-button diagram-fullscreen-toggle");
    this.position = document.createElement("span");
    this.position.className = "diagram-position";
    this.position.setAttribute("aria-hidden", "true");  // the live region says the same
    [this.prevButton, this.nextButton, this.playButton, this.allButton, this.fullButton, this.position].forEach(function (el) {
      controls.appendChild(el);
    });
    var zoom = document.createElement("div");
    zoom.className = "diagram-zoom";
    zoom.setAttribute("role", "group");
    zoom.setAttribute("aria-label", "Zoom");
    this.zoomOut = button("Zoom out", "zoom-out");
    this.zoomFit = button("Fit", "zoom-fit");
    this.zoomIn = button("Zoom in", "zoom-in");
    [this.zoomOut, this.zoomFit, this.zoomIn].forEach(function (el) { zoom.appendChild(el); });
    controls.appendChild(zoom);
    this.status = document.createElement("p");
    this.status.className = "diagram-status";
    this.status.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-atomic", "true");
    canvas.parentNode.insertBefore(controls, canvas.nextSibling);
    controls.parentNode.insertBefore(this.status, controls.nextSibling);
    this.controls = controls;

    controls.addEventListener("click", function (event) {
      var b = event.target.closest("button[data-action]");
      if (b) self.act(b.getAttribute("data-action"));
    });
    // A list line: its label becomes a link to the step's own address (keyboard, and a
    // link to share), and the whole line is clickable.
    this.items.forEach(function (li, i) {
      var label = li.querySelector(".diagram-step-label");
      if (label) {
        var jump = document.createElement("a");
        jump.className = "diagram-jump";
        jump.href = "#" + li.id;
        while (label.firstChild) jump.appendChild(label.firstChild);
        label.appendChild(jump);
      }
      li.addEventListener("click", function (event) {
        var link = event.target.closest("a");
        if (link && !link.classList.contains("diagram-jump")) return;
        event.preventDefault();
        self.load();
        self.stop();
        self.go(i + 1, true);
      });
    });
    figure.addEventListener("keydown", function (event) { self.key(event); });
    canvas.addEventListener("click", function (event) {
      var edge = event.target.closest && event.target.closest(".diagram-step");
      if (!edge || self.gesture && self.gesture.moved) return;
      var n = parseInt(edge.id.split("--step-")[1], 10);
      if (n) { self.stop(); self.go(n, true); }
    });
    this.bindGestures();
    figure.classList.add("is-playable");
    this.render(false);
  }

  // -- the picture ------------------------------------------------------------------------

  Player.prototype.load = function () {
    var self = this;
    if (this.loading) return this.loading;
    this.loading = fetch(this.img.currentSrc || this.img.src, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.url);
        return response.text();
      })
      .then(function (source) {
        var doc = new DOMParser().parseFromString(source, "image/svg+xml");
        var svg = doc.documentElement;
        if (!svg || svg.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) throw new Error("not an SVG");
        // Our own file, but nothing in it may run: drop scripts and event attributes.
        Array.prototype.forEach.call(svg.querySelectorAll("script, foreignObject"), function (el) { el.remove(); });
        svg = document.importNode(svg, true);
        svg.classList.add("diagram-svg");
        svg.setAttribute("focusable", "false");
        // The arrows draw themselves when lit: a path length of 1 lets CSS animate any arrow.
        Array.prototype.forEach.call(svg.querySelectorAll(".diagram-step > path"), function (path) {
          if (!path.hasAttribute("stroke-dasharray")) path.setAttribute("pathLength", "1");
        });
        self.stage.replaceChild(svg, self.img);
        self.svg = svg;
        self.figure.classList.add("has-inline-svg");
        self.render(false);
        return svg;
      })
      .catch(function () {
        // The <img> stays; the list still steps.
        self.loading = null;
        return null;
      });
    return this.loading;
  };

  Player.prototype.part = function (id) {
    return this.svg ? this.svg.querySelector("#" + CSS.escape(id)) : null;
  };

  // -- stepping -----------------------------------------------------------------------------

  Player.prototype.go = function (n, announce, keepAddress) {
    n = Math.max(0, Math.min(this.total, n));
    this.current = n;
    this.render(announce);
    if (!keepAddress && window.history && history.replaceState) {
      history.replaceState(history.state, "", "#diagram-" + this.name + (n ? "-step-" + n : ""));
    }
    if (this.timer && n >= this.total) this.stop();
  };

  Player.prototype.render = function (announce) {
    var n = this.current, self = this;
    this.figure.classList.toggle("is-stepping", n > 0);
    this.items.forEach(function (li, i) {
      var on = i + 1 === n;
      li.classList.toggle("is-current", on);
      if (on) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    });
    if (this.svg) {
      Array.prototype.forEach.call(this.svg.querySelectorAll(".is-active"), function (el) { el.classList.remove("is-active"); });
      if (n > 0) {
        var li = this.items[n - 1];
        [this.name + "--step-" + n,
         this.name + "--node-" + li.getAttribute("data-from"),
         this.name + "--node-" + li.getAttribute("data-to")].forEach(function (id) {
          var el = self.part(id);
          if (el) el.classList.add("is-active");
        });
      }
    }
    this.position.textContent = n ? "Step " + n + " of " + this.total : "All " + this.total + " steps";
    this.prevButton.setAttribute("aria-disabled", String(n <= 1));
    this.nextButton.setAttribute("aria-disabled", String(n >= this.total));
    this.allButton.setAttribute("aria-disabled", String(n === 0));
    if (announce) {
      this.status.textContent = n ? "Step " + n + " of " + this.total + ": " + text(this.items[n - 1]) : "All " + this.total + " steps shown.";
    }
    if (n && this.figure.classList.contains("is-fullscreen")) {
      this.items[n - 1].scrollIntoView({ block: "nearest", behavior: reducedMotion() ? "auto" : "smooth" });
    }
  };

  Player.prototype.play = function () {
    var self = this;
    if (this.timer) return this.stop();
    this.load();
    this.playButton.textContent = "Pause";
    this.figure.classList.add("is-playing");
    this.timer = window.setInterval(function () { self.go(self.current + 1, true); }, PLAY_INTERVAL);
    this.go(this.current >= this.total ? 1 : this.current + 1, true);
  };

  Player.prototype.stop = function () {
    if (this.timer) window.clearInterval(this.timer);
    this.timer = null;
    this.playButton.textContent = "Play";
    this.figure.classList.remove("is-playing");
  };

  Player.prototype.act = function (action) {
    this.load();
    if (action === "play") return this.play();
    if (action.indexOf("zoom") === 0) {
      var r = this.canvas.getBoundingClientRect();
      if (action === "zoom-fit") return this.setZoom(1, 0, 0);
      return this.zoomAbout(action === "zoom-in" ? ZOOM_STEP : 1 / ZOOM_STEP, r.width / 2, r.height / 2);
    }
    if (action === "fullscreen") return this.figure.classList.contains("is-fullscreen") ? this.exitFullscreen() : this.enterFullscreen();
    this.stop();
    if (action === "next" && this.current < this.total) this.go(this.current + 1, true);
    else if (action === "prev" && this.current > 1) this.go(this.current - 1, true);
    else if (action === "all" && this.current !== 0) this.go(0, true);
  };

  Player.prototype.key = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var full = this.figure.classList.contains("is-fullscreen");
    var n = { ArrowRight: this.current + 1, ArrowLeft: Math.max(1, this.current - 1), Home: 1, End: this.total }[event.key];
    if (n !== undefined) {
      this.load();
      this.stop();
      this.go(n, true);
    } else if (event.key === "Escape" && full) {
      this.exitFullscreen();
    } else if (full && (event.key === "+" || event.key === "=")) {
      this.act("zoom-in");
    } else if (full && event.key === "-") {
      this.act("zoom-out");
    } else if (full && event.key === "0") {
      this.act("zoom-fit");
    } else {
      return;
    }
    event.preventDefault();
  };

  // -- full screen and zoom -----------------------------------------------------------------

  Player.prototype.enterFullscreen = function () {
    var self = this;
    this.load();
    this.figure.classList.add("is-fullscreen");
    document.documentElement.classList.add("diagram-fullscreen-open");
    this.fullButton.textContent = "Exit full screen";
    this.canvas.focus({ preventScroll: true });
    if (this.current) this.items[this.current - 1].scrollIntoView({ block: "nearest" });
    if (this.figure.requestFullscreen) {
      this.figure.requestFullscreen().then(function () { self.nativeFullscreen = true; }, function () { /* the overlay stays */ });
    }
  };

  Player.prototype.exitFullscreen = function () {
    this.figure.classList.remove("is-fullscreen");
    document.documentElement.classList.remove("diagram-fullscreen-open");
    this.fullButton.textContent = "Full screen";
    this.setZoom(1, 0, 0);
    if (this.nativeFullscreen && document.fullscreenElement === this.figure) document.exitFullscreen();
    this.nativeFullscreen = false;
    this.fullButton.focus({ preventScroll: true });
    this.figure.scrollIntoView({ block: "nearest" });
  };

  Player.prototype.setZoom = function (scale, x, y) {
    scale = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, scale));
    if (scale === 1) { x = 0; y = 0; }
    this.zoom = { scale: scale, x: x, y: y };
    this.stage.style.transform = scale === 1 ? "" : "translate(" + x + "px, " + y + "px) scale(" + scale + ")";
    this.figure.classList.toggle("is-zoomed", scale > 1);
    this.figure.setAttribute("data-zoom", scale.toFixed(2));
    this.zoomOut.setAttribute("aria-disabled", String(scale <= MIN_ZOOM));
    this.zoomIn.setAttribute("aria-disabled", String(scale >= MAX_ZOOM));
  };

  // Zoom by `factor` keeping the point (cx, cy) of the canvas where it is.
  Player.prototype.zoomAbout = function (factor, cx, cy) {
    var z = this.zoom;
    var scale = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z.scale * factor));
    var k = scale / z.scale;
    this.setZoom(scale, cx - (cx - z.x) * k, cy - (cy - z.y) * k);
  };

  Player.prototype.bindGestures = function () {
    var self = this, canvas = this.canvas;
    function local(event) {
      var r = canvas.getBoundingClientRect();
      return { x: event.clientX - r.left, y: event.clientY - r.top };
    }
    function pair() {
      var ids = Object.keys(self.pointers);
      if (ids.length < 2) return null;
      var a = self.pointers[ids[0]], b = self.pointers[ids[1]];
      return { d: Math.hypot(a.x - b.x, a.y - b.y) || 1, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
    canvas.addEventListener("pointerdown", function (event) {
      if (!self.figure.classList.contains("is-fullscreen")) return;
      self.pointers[event.pointerId] = local(event);
      var p = pair();
      var z = self.zoom;
      self.gesture = p ? { pinch: p, scale: z.scale, x: z.x, y: z.y, moved: true }
                       : { start: local(event), x: z.x, y: z.y, moved: false };
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!(event.pointerId in self.pointers) || !self.gesture) return;
      self.pointers[event.pointerId] = local(event);
      var g = self.gesture, p = pair();
      if (p && g.pinch) {
        var scale = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, g.scale * p.d / g.pinch.d));
        var k = scale / g.scale;
        // The content under the first midpoint follows the fingers' midpoint.
        self.setZoom(scale, p.x - (g.pinch.x - g.x) * k, p.y - (g.pinch.y - g.y) * k);
      } else if (!p && g.start && self.zoom.scale > 1) {
        var now = self.pointers[event.pointerId];
        var dx = now.x - g.start.x, dy = now.y - g.start.y;
        if (Math.abs(dx) + Math.abs(dy) > 4) g.moved = true;
        self.setZoom(self.zoom.scale, g.x + dx, g.y + dy);
      }
    });
    function end(event) {
      delete self.pointers[event.pointerId];
      if (!Object.keys(self.pointers).length) {
        var g = self.gesture;
        // Let the click that follows a drag see it moved, then forget the gesture.
        window.setTimeout(function () { if (self.gesture === g) self.gesture = null; }, 0);
      } else if (self.gesture && self.gesture.pinch) {
        var only = self.pointers[Object.keys(self.pointers)[0]];
        self.gesture = { start: only, x: self.zoom.x, y: self.zoom.y, moved: true };
      }
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("wheel", function (event) {
      if (!self.figure.classList.contains("is-fullscreen") || !event.ctrlKey) return;
      event.preventDefault();
      var at = local(event);
      self.zoomAbout(Math.exp(-event.deltaY / 200), at.x, at.y);
    }, { passive: false });
  };

  // -- the page -----------------------------------------------------------------------------

  function fromAddress(scroll) {
    var match = STEP_HASH.exec(location.hash);
    if (!match || !players[match[1]]) return;
    var player = players[match[1]];
    player.load();
    player.stop();
    player.go(parseInt(match[2], 10), true, true);
    if (!scroll) return;
    // The picture first, not the list line the browser scrolled to; again once the page has
    // loaded, since the browser's own jump to the fragment may come after this script.
    player.figure.scrollIntoView({ block: "start" });
    if (document.readyState !== "complete") {
      window.addEventListener("load", function () {
        window.requestAnimationFrame(function () { player.figure.scrollIntoView({ block: "start" }); });
      }, { once: true });
    }
  }

  function init() {
    // The print page (the handout) keeps every figure static and complete.
    if (document.getElementById("print-site-page")) return;
    if (!window.fetch || !window.DOMParser || !window.CSS || !CSS.escape) return;
    var figures = document.querySelectorAll("figure.diagram[data-diagram]");
    if (!figures.length) return;
    var lazy = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          lazy.unobserve(entry.target);
          players[entry.target.getAttribute("data-diagram")].load();
        }
      });
    }, { rootMargin: "400px 0px" }) : null;
    Array.prototype.forEach.call(figures, function (figure) {
      if (!figure.querySelector("img") || !figure.querySelector("ol.diagram-steps > li[data-step]")) return;
      var player = new Player(figure);
      players[player.name] = player;
      if (lazy) lazy.observe(figure); else player.load();
    });
    fromAddress(true);
    window.addEventListener("hashchange", function () { fromAddress(true); });
    document.addEventListener("fullscreenchange", function () {
      Object.keys(players).forEach(function (name) {
        var p = players[name];
        if (p.nativeFullscreen && document.fullscreenElement !== p.figure) {
          p.nativeFullscreen = false;
          if (p.figure.classList.contains("is-fullscreen")) p.exitFullscreen();
        }
      });
    });
    window.addEventListener("beforeprint", function () {
      Object.keys(players).forEach(function (name) {
        var p = players[name];
        p.stop();
        if (p.figure.classList.contains("is-fullscreen")) p.exitFullscreen();
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
