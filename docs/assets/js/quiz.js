/* Question sheets: check answers, keep progress, shuffle the mixed review.
 *
 * The server renders every question as a working form with its answer in a <details>
 * block; this script only enhances it. Progress lives in localStorage and is never sent
 * anywhere. The mixed review's order comes from a seed in the URL (?seed=1234), so a
 * learner can repeat a session by keeping the address.
 *
 * The mixed review's page holds no forms: they sit in one file per section (the sheets' own
 * markup, written at build time by hooks/question_files.py) named in the sheet's
 * data-quiz-sources. They are fetched when the reader presses Start, or at once when the
 * address already holds a seed (a kept session, a reload, New shuffle), then interleaved round
 * robin across sections as the page once listed them, so a seed gives the order it always gave. */
(function () {
  "use strict";

  var PREFIX = "dva-quiz:v1:";
  var LETTERS = "ABCDEF";
  var NUMBER_WORDS = { 2: "two", 3: "three", 4: "four" };

  // Private browsing or a full quota makes localStorage throw: the sheet still works, it
  // just forgets on reload.
  var store = (function () {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null;
    }
  })();

  function key(scope, id) { return PREFIX + scope + ":" + id; }

  function loadState(scope, id) {
    if (!store) return null;
    try { return JSON.parse(store.getItem(key(scope, id))); } catch (e) { return null; }
  }

  function saveState(scope, id, state) {
    if (store) { try { store.setItem(key(scope, id), JSON.stringify(state)); } catch (e) { /* quota: keep going */ } }
  }

  function forget(scope, id) { if (store) store.removeItem(key(scope, id)); }

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function answerOf(form) {
    return form.getAttribute("data-answer").split(",").map(Number);
  }

  function chosenOf(form) {
    var chosen = [];
    each(form.querySelectorAll("input.quiz-input"), function (input) {
      if (input.checked) chosen.push(Number(input.value));
    });
    return chosen;
  }

  function sameSet(a, b) {
    if (a.length !== b.length) return false;
    var x = a.slice().sort(), y = b.slice().sort();
    return x.every(function (v, i) { return v === y[i]; });
  }

  function letters(indices) {
    return indices.map(function (i) { return LETTERS.charAt(i); }).join(", ");
  }

  function scopeOf(form) {
    var sheet = form.closest("[data-quiz-scope]");
    return sheet ? sheet.getAttribute("data-quiz-scope") : "sheet";
  }

  /* The feedback is built from the server-rendered (escaped) answer block: cloned nodes
   * and textContent only, never HTML strings. */
  function showFeedback(form, chosen) {
    var answer = answerOf(form);
    var correct = sameSet(chosen, answer);
    var box = form.querySelector(".quiz-feedback");
    var details = form.querySelector(".quiz-answer");
    box.textContent = "";
    var verdict = correct
      ? "Correct."
      : "Not quite. The right " + (answer.length > 1 ? "answers are " : "answer is ") + letters(answer) + ".";
    box.appendChild(make("p", "quiz-verdict " + (correct ? "is-correct" : "is-wrong"), verdict));
    var explanation = details.querySelector(".quiz-explanation");
    if (explanation) box.appendChild(explanation.cloneNode(true));
    var whys = make("ul", "quiz-whys");
    chosen.forEach(function (i) {
      var why = details.querySelector('.quiz-why[data-choice="' + i + '"]');
      if (why) whys.appendChild(why.cloneNode(true));
    });
    box.appendChild(whys);
    // Every other choice's reason, one click away: a wrong option teaches as much as the key.
    var others = make("ul", "quiz-whys");
    each(details.querySelectorAll(".quiz-why"), function (why) {
      if (chosen.indexOf(Number(why.getAttribute("data-choice"))) === -1) others.appendChild(why.cloneNode(true));
    });
    if (others.children.length) {
      var more = make("details", "quiz-other-whys");
      more.appendChild(make("summary", null, "Why the other choices are right or wrong"));
      more.appendChild(others);
      box.appendChild(more);
    }
    var source = details.querySelector(".quiz-source");
    if (source) box.appendChild(source.cloneNode(true));
    form.classList.remove("is-correct", "is-wrong");
    form.classList.add(correct ? "is-correct" : "is-wrong");
    return correct;
  }

  function clearQuestion(form) {
    each(form.querySelectorAll("input.quiz-input"), function (input) { input.checked = false; });
    form.querySelector(".quiz-feedback").textContent = "";
    form.classList.remove("is-correct", "is-wrong");
  }

  function check(form) {
    var chosen = chosenOf(form);
    var expected = answerOf(form).length;
    var box = form.querySelector(".quiz-feedback");
    if (chosen.length !== expected) {
      box.textContent = "";
      var ask = expected > 1 ? "Choose " + (NUMBER_WORDS[expected] || expected) + " answers, then press Check." : "Choose an answer, then press Check.";
      box.appendChild(make("p", "quiz-verdict is-incomplete", ask));
      return;
    }
    var correct = showFeedback(form, chosen);
    saveState(scopeOf(form), form.getAttribute("data-question-id"), { chosen: chosen, correct: correct });
  }

  function restore(form) {
    var state = loadState(scopeOf(form), form.getAttribute("data-question-id"));
    if (!state || !Array.isArray(state.chosen)) return;
    each(form.querySelectorAll("input.quiz-input"), function (input) {
      input.checked = state.chosen.indexOf(Number(input.value)) !== -1;
    });
    showFeedback(form, state.chosen);
  }

  function visibleForms(sheet) {
    return Array.prototype.filter.call(sheet.querySelectorAll("form.quiz-question"), function (f) { return !f.hidden; });
  }

  function updateScores(sheet) {
    var forms = visibleForms(sheet);
    var right = forms.filter(function (f) { return f.classList.contains("is-correct"); }).length;
    var checked = forms.filter(function (f) { return f.classList.contains("is-correct") || f.classList.contains("is-wrong"); }).length;
    var score = sheet.querySelector(".quiz-score");
    if (score) score.textContent = "Score: " + right + " of " + forms.length + " correct (" + checked + " checked)";
    // The mixed review's table: per section, over every question whatever the filters.
    var scores = document.querySelector(".quiz-section-scores");
    if (!scores || !sheet.hasAttribute("data-quiz-mixed")) return;
    var tally = {};
    each(sheet.querySelectorAll("form.quiz-question"), function (f) {
      var s = f.getAttribute("data-section");
      tally[s] = tally[s] || { correct: 0, checked: 0 };
      if (f.classList.contains("is-correct")) tally[s].correct += 1;
      if (f.classList.contains("is-correct") || f.classList.contains("is-wrong")) tally[s].checked += 1;
    });
    each(scores.querySelectorAll("[data-score-correct]"), function (cell) {
      cell.textContent = (tally[cell.getAttribute("data-score-correct")] || { correct: 0 }).correct;
    });
    each(scores.querySelectorAll("[data-score-checked]"), function (cell) {
      cell.textContent = (tally[cell.getAttribute("data-score-checked")] || { checked: 0 }).checked;
    });
  }

  function renumber(sheet) {
    visibleForms(sheet).forEach(function (form, i) {
      form.querySelector(".quiz-number").textContent = (i + 1) + ".";
    });
  }

  /* mulberry32: a tiny seeded PRNG, so the same seed gives the same order in every browser. */
  function mulberry32(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function randomSeed() { return Math.floor(Math.random() * 1000000) + 1; }

  function seedFromUrl() {
    var raw = new URLSearchParams(window.location.search).get("seed");
    return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
  }

  function urlWithSeed(seed) {
    var url = new URL(window.location.href);
    url.searchParams.set("seed", String(seed));
    url.hash = "";
    return url.pathname + url.search;
  }

  function shuffle(sheet, seed) {
    var forms = Array.prototype.slice.call(sheet.querySelectorAll("form.quiz-question"));
    var random = mulberry32(seed);
    for (var i = forms.length - 1; i > 0; i -= 1) {
      var j = Math.floor(random() * (i + 1));
      var tmp = forms[i]; forms[i] = forms[j]; forms[j] = tmp;
    }
    // Re-inserting before the toolbar keeps the score and reset button last.
    var anchor = sheet.querySelector(".quiz-toolbar");
    forms.forEach(function (form) { sheet.insertBefore(form, anchor); });
  }

  /* A form passes the filters when, for each filter set, its data-<filter> attribute is the value. */
  function matches(form, wanted) {
    return Object.keys(wanted).every(function (name) {
      return !wanted[name] || form.getAttribute("data-" + name) === wanted[name];
    });
  }

  /* A section sheet's difficulty filter (the mixed review has its own controls). */
  function setUpSheetFilter(sheet) {
    var controls = sheet.querySelector(".quiz-sheet-controls");
    if (!controls) return;
    controls.hidden = false;
    var select = controls.querySelector(".quiz-filter");
    var status = controls.querySelector(".quiz-filter-status");
    select.addEventListener("change", function () {
      var wanted = {};
      wanted[select.getAttribute("data-filter")] = select.value;
      var forms = sheet.querySelectorAll("form.quiz-question"), shown = 0;
      each(forms, function (form) { form.hidden = !matches(form, wanted); if (!form.hidden) shown += 1; });
      status.textContent = "Showing " + shown + " of " + forms.length + " questions.";
      renumber(sheet);
      updateScores(sheet);
    });
  }

  function setUpReview(sheet) {
    var seed = seedFromUrl();
    var kept = seed !== null;
    if (seed === null) {
      seed = randomSeed();
      // The seed goes into the address without a new history entry, ready to bookmark.
      window.history.replaceState(window.history.state, "", urlWithSeed(seed) + window.location.hash);
    }
    var controls = document.querySelector(".quiz-review-controls");
    if (controls) {
      controls.hidden = false;
      controls.querySelector(".quiz-seed-value").textContent = "seed " + seed;
      var next = randomSeed();
      if (next === seed) next += 1;
      controls.querySelector(".quiz-new-shuffle").setAttribute("href", urlWithSeed(next));
    }
    var sources = (sheet.getAttribute("data-quiz-sources") || "").split(/\s+/).filter(Boolean);
    if (!sources.length) {
      each(sheet.querySelectorAll("form.quiz-question"), setUpForm);
      startReview(sheet, seed, controls);
      return;
    }
    var fallback = document.querySelector(".quiz-review-fallback");
    if (fallback) fallback.hidden = true;
    var start = sheet.querySelector(".quiz-review-start");
    var button = start.querySelector(".quiz-start");
    var note = start.querySelector(".quiz-load-status");
    var loading = false;
    function go() {
      if (loading) return;
      loading = true;
      note.textContent = "Loading the questions ...";
      loadQuestions(sheet, sources).then(function () {
        start.hidden = true;
        each(sheet.querySelectorAll("form.quiz-question"), setUpForm);
        startReview(sheet, seed, controls);
        sheet.setAttribute("data-quiz-loaded", "");
        // Keyboard and screen reader users land on the first question's first choice.
        var first = visibleForms(sheet)[0];
        if (first && button === document.activeElement) first.querySelector("input.quiz-input").focus();
      }).catch(function () {
        loading = false;
        note.textContent = "The questions could not be loaded. Check your connection and press Start again, or answer them on the section sheets.";
        if (fallback) fallback.hidden = false;
      });
    }
    start.hidden = false;
    button.addEventListener("click", go);
    if (kept) go();
  }

  /* The section files' forms, interleaved round robin across sections, put in before the
   * toolbar. Same-origin files the build wrote from escaped bank data; only their forms are
   * taken, without any script (the Content-Security-Policy would not run one anyway). */
  function loadQuestions(sheet, sources) {
    return Promise.all(sources.map(function (url) {
      return fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + url);
          return response.text();
        })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          each(doc.querySelectorAll("script"), function (el) { el.remove(); });
          return Array.prototype.slice.call(doc.querySelectorAll("form.quiz-question"));
        });
    })).then(function (columns) {
      var all = document.createDocumentFragment();
      var longest = Math.max.apply(null, columns.map(function (c) { return c.length; }));
      for (var row = 0; row < longest; row += 1) {
        columns.forEach(function (column) {
          if (row < column.length) all.appendChild(document.importNode(column[row], true));
        });
      }
      sheet.insertBefore(all, sheet.querySelector(".quiz-toolbar"));
    });
  }

  function startReview(sheet, seed, controls) {
    shuffle(sheet, seed);
    var bar = sheet.querySelector(".quiz-toolbar");
    if (bar) bar.hidden = false;
    if (!controls) {
      renumber(sheet);
      updateScores(sheet);
      return;
    }
    var status = controls.querySelector(".quiz-filter-status");
    function applyFilters() {
      var wanted = {};
      each(controls.querySelectorAll(".quiz-filter"), function (select) {
        wanted[select.getAttribute("data-filter")] = select.value;
      });
      var total = 0, shown = 0;
      each(sheet.querySelectorAll("form.quiz-question"), function (form) {
        var ok = matches(form, wanted);
        form.hidden = !ok;
        total += 1;
        if (ok) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + total + " questions.";
      renumber(sheet);
      updateScores(sheet);
    }
    each(controls.querySelectorAll(".quiz-filter"), function (select) {
      select.addEventListener("change", applyFilters);
    });
    applyFilters();
    var scores = document.querySelector(".quiz-section-scores");
    if (scores) scores.hidden = false;
  }

  function setUpForm(form) {
    // With the script running, the Check button replaces the open-the-answer block.
    form.querySelector(".quiz-answer").hidden = true;
    form.querySelector(".quiz-check").hidden = false;
    // Legacy questions (outside DVA-C02: Cognito Sync) say so wherever they appear.
    if (form.hasAttribute("data-legacy")) form.classList.add("is-legacy");
    restore(form);
  }

  function setUpSheet(sheet) {
    if (sheet.hasAttribute("data-quiz-ready")) return;
    sheet.setAttribute("data-quiz-ready", "");
    // One listener for the sheet, so forms added later (the mixed review's) need none of their own.
    sheet.addEventListener("submit", function (event) {
      var form = event.target.closest("form.quiz-question");
      if (!form) return;
      event.preventDefault();
      check(form);
      updateScores(sheet);
    });
    var bar = sheet.querySelector(".quiz-toolbar");
    if (bar) {
      bar.querySelector(".quiz-reset").addEventListener("click", function () {
        each(sheet.querySelectorAll("form.quiz-question"), function (form) {
          forget(scopeOf(form), form.getAttribute("data-question-id"));
          clearQuestion(form);
        });
        updateScores(sheet);
      });
    }
    if (sheet.hasAttribute("data-quiz-mixed")) {
      setUpReview(sheet);
      return;
    }
    each(sheet.querySelectorAll("form.quiz-question"), setUpForm);
    if (bar) bar.hidden = false;
    setUpSheetFilter(sheet);
    renumber(sheet);
    updateScores(sheet);
  }

  function init() {
    each(document.querySelectorAll(".quiz-sheet"), setUpSheet);
  }

  // Material's instant navigation swaps pages without a load event; document$ announces each
  // page. It is off today, but the guard in setUpSheet makes running twice harmless.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
})();
