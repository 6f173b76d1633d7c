/* Flashcards with spaced repetition (docs/review/flashcards.md), loaded on that page only.
 *
 * The deck is the page's <script type="application/json" id="flashcards-data">, made at build
 * time by macros/practice.py (its front/back fields are HTML the build already escaped). The
 * schedule is SM-2 as Anki's scheduler began: an ease factor per card (2.5 to start, never under
 * 1.3) and an interval that grows by it on each "good"; "again" starts the card over within
 * minutes. Progress is kept in localStorage only, per card id, so a rebuilt deck keeps it. */
(function () {
  "use strict";

  var app = document.querySelector(".flashcards-app");
  var dataNode = document.getElementById("flashcards-data");
  if (!app || !dataNode) return;
  var DATA = JSON.parse(dataNode.textContent);
  var KEY = "dva-cards:v1:progress";
  var DAY = 86400000, MINUTE = 60000;
  var BASE = DATA.root || "";

  var store = (function () {
    try { var s = window.localStorage; s.setItem("dva-cards:probe", "1"); s.removeItem("dva-cards:probe"); return s; } catch (e) { return null; }
  })();
  function loadProgress() { if (!store) return {}; try { return JSON.parse(store.getItem(KEY)) || {}; } catch (e) { return {}; } }
  function saveProgress() { if (store) { try { store.setItem(KEY, JSON.stringify(progress)); } catch (e) { /* quota */ } } }

  var progress = loadProgress();
  var current = null;
  var select = document.getElementById("flashcards-section");
  var card = app.querySelector(".flashcard");
  var status = app.querySelector(".flashcards-status");
  var last = app.querySelector(".flashcards-last");
  var sectionTitle = {};
  DATA.sections.forEach(function (s) { sectionTitle[s.id] = s.title; });

  function html(target, markup) {
    var t = document.createElement("template");
    t.innerHTML = markup;  // build-time escaped text: only code, strong and em markup
    target.textContent = "";
    target.appendChild(t.content);
  }
  function day(ms) {
    var d = new Date(ms);
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function isDue(c, now) { var p = progress[c.id]; return !p || p.due <= now; }
  function inScope(c) { return !select.value || c.section === select.value; }

  /* SM-2: the next state of a card for a grade. */
  function schedule(p, grade, now) {
    var s = p ? { ease: p.ease, interval: p.interval, reps: p.reps, lapses: p.lapses } : { ease: 2.5, interval: 0, reps: 0, lapses: 0 };
    if (grade === "again") {
      s.reps = 0; s.lapses += 1; s.ease = Math.max(1.3, s.ease - 0.2); s.interval = 0;
      s.due = now + 10 * MINUTE;
    } else {
      if (grade === "hard") { s.interval = s.reps === 0 ? 1 : Math.max(1, Math.round(s.interval * 1.2)); s.ease = Math.max(1.3, s.ease - 0.15); }
      else if (grade === "good") { s.interval = s.reps === 0 ? 1 : s.reps === 1 ? 3 : Math.round(s.interval * s.ease); }
      else { s.interval = s.reps === 0 ? 4 : Math.round(s.interval * s.ease * 1.3); s.ease += 0.15; }
      s.reps += 1;
      s.due = now + s.interval * DAY;
    }
    s.last = now;
    return s;
  }

  function next() {
    var now = Date.now();
    var due = DATA.cards.filter(function (c) { return inScope(c) && progress[c.id] && progress[c.id].due <= now; })
      .sort(function (a, b) { return progress[a.id].due - progress[b.id].due; });
    var fresh = DATA.cards.filter(function (c) { return inScope(c) && !progress[c.id]; });
    current = due[0] || fresh[0] || null;
    var count = due.length + fresh.length;
    status.textContent = count ? count + " cards to study now (" + due.length + " due for review, " + fresh.length + " new)." : "Nothing is due in this selection. Come back later, or pick another section.";
    if (!current) { card.hidden = true; table(); return; }
    card.hidden = false;
    card.setAttribute("data-card-id", current.id);
    app.querySelector(".flashcard-meta").textContent = current.section_title + " · " + current.kind + (progress[current.id] ? " · review" : " · new");
    html(app.querySelector(".flashcard-front"), current.front);
    html(app.querySelector(".flashcard-back"), current.back);
    var source = app.querySelector(".flashcard-source");
    source.textContent = "Source: ";
    var href = current.source_url.indexOf("://") === -1 ? BASE + current.source_url : current.source_url;
    var link = document.createElement("a");
    link.href = href;
    link.textContent = current.source_title;
    source.appendChild(link);
    if (current.page && current.page !== current.source_url) {
      source.appendChild(document.createTextNode(" · "));
      var page = document.createElement("a");
      page.href = BASE + current.page;
      page.textContent = "the page that teaches it";
      source.appendChild(page);
    }
    reveal(false);
    table();
  }
  function reveal(on) {
    app.querySelector(".flashcard-back").hidden = !on;
    app.querySelector(".flashcard-source").hidden = !on;
    app.querySelector(".flashcard-grades").hidden = !on;
    app.querySelector(".flashcard-actions").hidden = on;
    if (on) app.querySelector('[data-grade="good"]').focus();
  }
  function grade(g) {
    if (!current) return;
    var now = Date.now();
    var s = schedule(progress[current.id], g, now);
    progress[current.id] = s;
    saveProgress();
    last.textContent = "Graded " + g + ". That card comes back " + (g === "again" ? "in a few minutes" : "on " + day(s.due)) + ".";
    next();
    var show = app.querySelector(".flashcard-show");
    if (!card.hidden) show.focus();
  }

  function table() {
    var now = Date.now();
    var body = app.querySelector("[data-flashcards-due] tbody");
    body.textContent = "";
    var rows = DATA.sections.map(function (s) {
      var cards = DATA.cards.filter(function (c) { return c.section === s.id; });
      var fresh = cards.filter(function (c) { return !progress[c.id]; }).length;
      var due = cards.filter(function (c) { return progress[c.id] && progress[c.id].due <= now; }).length;
      var later = cards.filter(function (c) { return progress[c.id] && progress[c.id].due > now; }).map(function (c) { return progress[c.id].due; });
      return [s.title, cards.length, fresh, due, later.length ? day(Math.min.apply(null, later)) : "-"];
    });
    rows.forEach(function (r, i) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-section", DATA.sections[i].id);
      r.forEach(function (v, k) {
        var cell = document.createElement(k === 0 ? "th" : "td");
        if (k === 0) cell.setAttribute("scope", "row");
        cell.textContent = String(v);
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
  }

  app.querySelector(".flashcard-show").addEventListener("click", function () { reveal(true); });
  Array.prototype.forEach.call(app.querySelectorAll("[data-grade]"), function (b) {
    b.addEventListener("click", function () { grade(b.getAttribute("data-grade")); });
  });
  select.addEventListener("change", next);
  app.querySelector(".flashcards-reset").addEventListener("click", function () {
    progress = {};
    if (store) store.removeItem(KEY);
    last.textContent = "Progress forgotten: every card is new again.";
    next();
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || !current || card.hidden) return;
    var t = event.target;
    if (t && (t.tagName === "SELECT" || t.tagName === "INPUT" || t.tagName === "TEXTAREA")) return;
    var open = !app.querySelector(".flashcard-grades").hidden;
    if (event.key === " " && !open && !(t && t.tagName === "BUTTON")) { event.preventDefault(); event.stopPropagation(); reveal(true); }
    else if (open && /^[1-4]$/.test(event.key)) { event.preventDefault(); event.stopPropagation(); grade(["again", "hard", "good", "easy"][Number(event.key) - 1]); }
  });

  app.hidden = false;
  document.querySelector(".flashcards").classList.add("is-ready");
  next();
})();
