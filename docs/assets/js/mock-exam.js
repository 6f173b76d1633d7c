/* The mock exam (docs/review/mock-exam.md): a seeded, stratified draw from every question bank,
 * timed at the real exam's pace, answered without feedback, then scored per task statement and
 * per section. Loaded on that page only.
 *
 * Data: the page's <script type="application/json" id="mock-exam-data">, written at build time
 * by macros/practice.py from the banks; its text fields are HTML the build already escaped.
 * Everything else shown here is set with textContent. Attempts live in localStorage only. */
(function () {
  "use strict";

  var root = document.querySelector(".mock-exam");
  var dataNode = document.getElementById("mock-exam-data");
  if (!root || !dataNode) return;
  var DATA = JSON.parse(dataNode.textContent);
  var BP = DATA.blueprint;
  var SECONDS_PER_QUESTION = (BP.exam_minutes * 60) / BP.exam_questions;
  var PASS_SHARE = (BP.pass_score - BP.score_min) / (BP.score_max - BP.score_min);
  var LETTERS = "ABCDEF";
  var KEY_CURRENT = "dva-mock:v1:current";
  var KEY_ATTEMPTS = "dva-mock:v1:attempts";
  var MAX_ATTEMPTS = 50;
  var WARN_SECONDS = 5 * 60;
  var BASE = root.getAttribute("data-root") || "";

  var byId = {};
  DATA.questions.forEach(function (q) { byId[q.id] = q; });
  var sectionInfo = {};
  DATA.sections.forEach(function (s) { sectionInfo[s.id] = s; });
  var taskTitle = {};
  BP.tasks.forEach(function (t) { taskTitle[t.id] = t.title; });

  var store = (function () {
    try {
      var s = window.localStorage;
      s.setItem("dva-mock:probe", "1");
      s.removeItem("dva-mock:probe");
      return s;
    } catch (e) { return null; }
  })();
  function load(key, fallback) {
    if (!store) return fallback;
    try { var v = JSON.parse(store.getItem(key)); return v === null ? fallback : v; } catch (e) { return fallback; }
  }
  function save(key, value) { if (store) { try { store.setItem(key, JSON.stringify(value)); } catch (e) { /* quota */ } } }
  function drop(key) { if (store) store.removeItem(key); }

  // --- DOM helpers: text by textContent; bank HTML (already escaped at build) by a template ---
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function trusted(html) {
    var t = document.createElement("template");
    t.innerHTML = html;  // build-time escaped bank text: only <code> markup survives there
    return t.content;
  }
  function span(html, className) { var s = el("span", { className: className || "" }); s.appendChild(trusted(html)); return s; }
  function $(sel) { return root.querySelector(sel); }

  // --- the seeded draw ----------------------------------------------------------------------
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
  function shuffle(list, rand) {
    for (var i = list.length - 1; i > 0; i -= 1) {
      var j = Math.floor(rand() * (i + 1));
      var tmp = list[i]; list[i] = list[j]; list[j] = tmp;
    }
    return list;
  }
  /* Within a task: each section's questions shuffled, the sections in a shuffled order, then
   * taken round robin, so a short exam still spreads over the sections. */
  function interleave(questions, rand) {
    var groups = {}, order = [];
    questions.forEach(function (q) {
      if (!groups[q.section]) { groups[q.section] = []; order.push(q.section); }
      groups[q.section].push(q);
    });
    order.forEach(function (s) { shuffle(groups[s], rand); });
    shuffle(order, rand);
    var out = [], row = 0, added = true;
    while (added) {
      added = false;
      order.forEach(function (s) { if (groups[s][row]) { out.push(groups[s][row]); added = true; } });
      row += 1;
    }
    return out;
  }
  /* Quotas by largest remainder, each stratum capped at what it holds; what a full stratum
   * cannot take goes to the others in proportion. */
  function quotas(strata, total) {
    var quota = strata.map(function () { return 0; });
    var remaining = total;
    while (remaining > 0) {
      var open = strata.map(function (s, i) { return i; }).filter(function (i) { return quota[i] < strata[i].questions.length; });
      if (!open.length) break;
      var weight = open.reduce(function (sum, i) { return sum + strata[i].weight; }, 0);
      var shares = open.map(function (i) { var exact = remaining * strata[i].weight / weight; return { i: i, whole: Math.floor(exact), rest: exact - Math.floor(exact) }; });
      var given = 0;
      shares.forEach(function (s) { s.add = s.whole; given += s.whole; });
      shares.slice().sort(function (a, b) { return b.rest - a.rest || a.i - b.i; }).forEach(function (s) {
        if (given < remaining) { s.add += 1; given += 1; }
      });
      var placed = 0;
      shares.forEach(function (s) {
        var room = strata[s.i].questions.length - quota[s.i];
        var add = Math.min(s.add, room);
        quota[s.i] += add;
        placed += add;
      });
      remaining -= placed;
      if (!placed) break;
    }
    return quota;
  }
  function draw(options) {
    var rand = mulberry32(options.seed);
    var pool = DATA.questions.filter(function (q) {
      return (options.legacy || !q.legacy) && options.difficulty.indexOf(q.difficulty) !== -1;
    });
    var strata = BP.tasks.map(function (t) { return { id: t.id, weight: t.weight }; });
    // Legacy questions belong to no task: included, they weigh as much as the lightest task.
    if (options.legacy) strata.push({ id: "none", weight: Math.min.apply(null, BP.tasks.map(function (t) { return t.weight; })) });
    strata.forEach(function (s) {
      s.questions = interleave(pool.filter(function (q) { return q.task === s.id; }), rand);
    });
    var quota = quotas(strata, options.length);
    var chosen = [];
    strata.forEach(function (s, i) { chosen = chosen.concat(s.questions.slice(0, quota[i])); });
    shuffle(chosen, rand);
    var orders = {};
    chosen.forEach(function (q) {
      orders[q.id] = shuffle(q.choices.map(function (c, i) { return i; }), rand);
    });
    return { ids: chosen.map(function (q) { return q.id; }), orders: orders };
  }

  // --- address: ?seed=&n=&legacy=&difficulty= ---------------------------------------------------
  var DIFFICULTIES = ["recall", "apply", "multi-constraint"];
  function optionsFromUrl() {
    var p = new URLSearchParams(window.location.search);
    var seed = p.get("seed"), n = p.get("n");
    var diff = (p.get("difficulty") || "").split(",").filter(function (d) { return DIFFICULTIES.indexOf(d) !== -1; });
    return {
      seed: seed && /^\d{1,9}$/.test(seed) ? Number(seed) : null,
      length: n && /^\d{1,3}$/.test(n) ? Number(n) : null,
      legacy: p.get("legacy") === "1",
      difficulty: diff.length ? diff : DIFFICULTIES.slice(),
    };
  }
  function writeUrl(o) {
    var url = new URL(window.location.href);
    url.searchParams.set("seed", String(o.seed));
    url.searchParams.set("n", String(o.length));
    if (o.legacy) url.searchParams.set("legacy", "1"); else url.searchParams.delete("legacy");
    if (o.difficulty.length < DIFFICULTIES.length) url.searchParams.set("difficulty", o.difficulty.join(",")); else url.searchParams.delete("difficulty");
    url.hash = "";
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  }
  function randomSeed() { return Math.floor(Math.random() * 1000000) + 1; }

  // --- state ---------------------------------------------------------------------------------
  var attempt = null;  // the exam in progress
  var timer = null;
  var lastBucket = null;
  var announcer = $(".mock-announcer");

  function persist() { if (attempt) save(KEY_CURRENT, attempt); }
  function show(which) {
    ["setup", "resume", "run", "review-screen", "result"].forEach(function (name) {
      $(".mock-" + name).hidden = name !== which;
    });
    $(".mock-history").hidden = which === "run" || which === "review-screen";
  }
  function answered(id) { return (attempt.answers[id] || []).length > 0; }
  function clock(seconds) {
    seconds = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function minutesWord(m) { return m + (m === 1 ? " minute" : " minutes"); }

  // --- the timer: the visible clock each second; screen readers every 5 minutes, then each minute
  function tick() {
    if (!attempt) return;
    var left = (attempt.deadline - Date.now()) / 1000;
    $(".mock-timer-value").textContent = clock(left);
    $(".mock-timer").classList.toggle("is-low", left <= WARN_SECONDS);
    if (left <= 0) { finish(true); return; }
    var bucket = left > WARN_SECONDS ? "5m:" + Math.ceil(left / 300) : "1m:" + Math.ceil(left / 60);
    if (lastBucket !== null && bucket !== lastBucket) {
      var minutes = left > WARN_SECONDS ? Math.ceil(left / 300) * 5 : Math.ceil(left / 60);
      announcer.textContent = minutesWord(minutes) + " left.";
    }
    lastBucket = bucket;
    if (left <= WARN_SECONDS && !attempt.warned) {
      attempt.warned = true;
      persist();
      var warning = $(".mock-warning");
      warning.hidden = false;
      warning.textContent = "Five minutes left. Unanswered questions score nothing: answer them now, then submit.";
    }
  }
  function startTimer() {
    stopTimer();
    lastBucket = null;
    tick();
    timer = window.setInterval(tick, 1000);
  }
  function stopTimer() { if (timer !== null) { window.clearInterval(timer); timer = null; } }

  // --- running -------------------------------------------------------------------------------
  function progressText() {
    var ids = attempt.ids;
    var done = ids.filter(answered).length;
    var flagged = ids.filter(function (id) { return attempt.flags[id]; }).length;
    return "Question " + (attempt.current + 1) + " of " + ids.length + ". Answered " + done + ", flagged " + flagged + ".";
  }
  function renderQuestion(focus) {
    var id = attempt.ids[attempt.current];
    var q = byId[id];
    var order = attempt.orders[id];
    var chosen = attempt.answers[id] || [];
    var box = $(".mock-question");
    box.textContent = "";
    var kind = q.multi ? "checkbox" : "radio";
    var legend = el("legend", {}, [el("span", { className: "mock-number", text: "Question " + (attempt.current + 1) + " of " + attempt.ids.length + ". " }), span(q.prompt, "mock-prompt")]);
    var choices = el("div", { className: "mock-choices" });
    order.forEach(function (original, shown) {
      var inputId = "mock-choice-" + shown;
      var input = el("input", { type: kind, name: "mock-choice", id: inputId, value: String(original) });
      input.checked = chosen.indexOf(original) !== -1;
      input.addEventListener("change", function () { record(); });
      var label = el("label", { for: inputId }, [el("span", { className: "quiz-letter", text: LETTERS.charAt(shown) + ". " }), span(q.choices[original].text)]);
      choices.appendChild(el("div", { className: "mock-choice" }, [input, label]));
    });
    var meta = el("p", { className: "mock-flagged-note", text: attempt.flags[id] ? "Flagged for review." : "" });
    var fieldset = el("fieldset", {}, [legend, choices, meta]);
    box.appendChild(el("form", { className: "mock-form", "aria-label": "Question " + (attempt.current + 1) }, [fieldset]));
    box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
    $(".mock-progress").textContent = progressText();
    var flag = $(".mock-flag");
    flag.setAttribute("aria-pressed", attempt.flags[id] ? "true" : "false");
    flag.textContent = attempt.flags[id] ? "Unflag (F)" : "Flag for review (F)";
    $(".mock-prev").disabled = attempt.current === 0;
    $(".mock-next").disabled = attempt.current === attempt.ids.length - 1;
    if (focus) { var first = box.querySelector("input:checked") || box.querySelector("input"); if (first) first.focus(); }
  }
  function record() {
    var id = attempt.ids[attempt.current];
    var picks = [];
    Array.prototype.forEach.call($(".mock-question").querySelectorAll("input"), function (input) {
      if (input.checked) picks.push(Number(input.value));
    });
    attempt.answers[id] = picks;
    persist();
    $(".mock-progress").textContent = progressText();
  }
  function go(index, focus) {
    if (index < 0 || index >= attempt.ids.length) return;
    attempt.current = index;
    persist();
    show("run");
    renderQuestion(focus);
  }
  function toggleFlag() {
    var id = attempt.ids[attempt.current];
    if (attempt.flags[id]) delete attempt.flags[id]; else attempt.flags[id] = true;
    persist();
    renderQuestion(false);
    announcer.textContent = attempt.flags[id] ? "Question flagged for review." : "Flag removed.";
  }
  function chooseByNumber(n) {
    var inputs = $(".mock-question").querySelectorAll("input");
    var input = inputs[n - 1];
    if (!input) return;
    input.checked = input.type === "checkbox" ? !input.checked : true;
    input.focus();
    record();
  }

  function begin(options) {
    var picked = draw(options);
    if (!picked.ids.length) {
      $(".mock-seed").textContent = "no questions match these choices: tick at least one difficulty.";
      return;
    }
    writeUrl(options);
    var now = Date.now();
    attempt = {
      seed: options.seed, length: options.length, legacy: options.legacy, difficulty: options.difficulty,
      ids: picked.ids, orders: picked.orders, answers: {}, flags: {}, current: 0,
      started: now, deadline: now + picked.ids.length * SECONDS_PER_QUESTION * 1000, warned: false,
    };
    persist();
    $(".mock-warning").hidden = true;
    go(0, true);
    startTimer();
  }

  function reviewScreen() {
    var screen = $(".mock-review-screen");
    screen.textContent = "";
    var ids = attempt.ids;
    var unanswered = [], flagged = [], done = [];
    ids.forEach(function (id, i) {
      if (answered(id)) done.push(i); else unanswered.push(i);
      if (attempt.flags[id]) flagged.push(i);
    });
    function numbers(list) { return list.length ? list.map(function (i) { return i + 1; }).join(", ") : "none"; }
    screen.appendChild(el("h2", { id: "mock-review-heading", text: "Review your answers" }));
    screen.appendChild(el("p", { className: "mock-review-summary", text: "Answered: " + done.length + ". Unanswered: " + unanswered.length + " (" + numbers(unanswered) + "). Flagged: " + flagged.length + " (" + numbers(flagged) + ")." }));
    var list = el("ul", { className: "mock-review-list" });
    ids.forEach(function (id, i) {
      var state = (answered(id) ? "answered" : "unanswered") + (attempt.flags[id] ? ", flagged" : "");
      var button = el("button", { type: "button", className: "quiz-button mock-review-item is-" + (answered(id) ? "answered" : "unanswered") + (attempt.flags[id] ? " is-flagged" : ""), "data-index": String(i), text: (i + 1) + ": " + state });
      button.addEventListener("click", function () { go(i, true); });
      list.appendChild(el("li", {}, [button]));
    });
    screen.appendChild(list);
    var back = el("button", { type: "button", className: "quiz-button mock-back", text: "Back to the questions" });
    back.addEventListener("click", function () { go(attempt.current, true); });
    var submit = el("button", { type: "button", className: "quiz-button mock-submit", text: "Submit the exam" });
    submit.addEventListener("click", function () { finish(false); });
    screen.appendChild(el("p", {}, [back, " ", submit]));
    show("review-screen");
    screen.focus();
  }

  // --- scoring and the report ------------------------------------------------------------------
  function sameSet(a, b) {
    if (a.length !== b.length) return false;
    var x = a.slice().sort(), y = b.slice().sort();
    return x.every(function (v, i) { return v === y[i]; });
  }
  function score(record) {
    var perTask = {}, perSection = {}, correct = 0, total = 0;
    record.ids.forEach(function (id) {
      var q = byId[id];
      if (!q) return;  // a question removed from the banks since the attempt
      var ok = sameSet(record.answers[id] || [], q.answer);
      total += 1;
      if (ok) correct += 1;
      [[perTask, q.task], [perSection, q.section]].forEach(function (pair) {
        var t = pair[0][pair[1]] = pair[0][pair[1]] || { correct: 0, total: 0 };
        t.total += 1;
        if (ok) t.correct += 1;
      });
    });
    return { correct: correct, total: total, perTask: perTask, perSection: perSection };
  }
  function scaled(s) {
    if (!s.total) return BP.score_min;
    return Math.round(BP.score_min + (BP.score_max - BP.score_min) * (s.correct / s.total));
  }
  function pct(c, t) { return t ? Math.round((100 * c) / t) : 0; }

  function finish(timedOut) {
    if (!attempt) return;
    stopTimer();
    var record = {
      id: "a" + attempt.started, seed: attempt.seed, length: attempt.length, legacy: attempt.legacy, difficulty: attempt.difficulty,
      ids: attempt.ids, orders: attempt.orders, answers: attempt.answers, flags: attempt.flags,
      started: attempt.started, submitted: Math.min(Date.now(), attempt.deadline), timedOut: !!timedOut,
    };
    var s = score(record);
    record.correct = s.correct;
    record.total = s.total;
    record.perTask = s.perTask;
    record.perSection = s.perSection;
    record.scaled = scaled(s);
    var attempts = load(KEY_ATTEMPTS, []);
    attempts.push(record);
    while (attempts.length > MAX_ATTEMPTS) attempts.shift();
    save(KEY_ATTEMPTS, attempts);
    drop(KEY_CURRENT);
    attempt = null;
    report(record);
    history();
    announcer.textContent = (timedOut ? "Time is up; the exam was submitted. " : "Exam submitted. ") + "You scored " + s.correct + " of " + s.total + ".";
  }

  function table(caption, head, rows) {
    var t = el("table", { "data-mock-table": caption });
    t.appendChild(el("caption", { text: caption }));
    t.appendChild(el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { scope: "col", text: h }); }))]));
    var body = el("tbody");
    rows.forEach(function (r) { body.appendChild(el("tr", {}, r.map(function (c) { return typeof c === "string" ? el("td", { text: c }) : el("td", {}, [c]); }))); });
    t.appendChild(body);
    return t;
  }
  function sectionLink(sid) {
    var s = sectionInfo[sid];
    return el("a", { href: BASE + s.url, text: s.title });
  }

  function report(record) {
    var box = $(".mock-result");
    box.textContent = "";
    var s = score(record);
    var value = scaled(s);
    box.appendChild(el("h2", { id: "mock-result-heading", text: "Your result" }));
    var when = new Date(record.submitted);
    box.appendChild(el("p", { className: "mock-result-when", text: "Submitted " + when.toLocaleString() + (record.timedOut ? " when the time ran out" : "") + ". Seed " + record.seed + ", " + record.total + " questions." }));
    box.appendChild(el("p", { className: "mock-score", text: "Score: " + s.correct + " of " + s.total + " correct (" + pct(s.correct, s.total) + "%)." }));
    var passed = value >= BP.pass_score;
    box.appendChild(el("p", { className: "mock-pass " + (passed ? "is-pass" : "is-fail"), text: "Estimated scaled score: " + value + " of " + BP.score_max + ", " + (passed ? "at or above" : "below") + " the passing score of " + BP.pass_score + ": " + (passed ? "PASS" : "FAIL") + " (estimate)." }));
    box.appendChild(el("p", { className: "mock-estimate-note", text: "This is an estimate. It maps your share of correct answers straight onto the " + BP.score_min + " to " + BP.score_max + " scale; the real exam equates each form for its difficulty, counts only its scored questions, and does not publish how raw marks map to the scale." }));

    var taskRows = Object.keys(s.perTask).sort().map(function (t) {
      var v = s.perTask[t];
      var label = t === "none" ? "Legacy (outside DVA-C02)" : "Task " + t + ": " + (taskTitle[t] || "");
      return [label, String(v.correct), String(v.total), pct(v.correct, v.total) + "%"];
    });
    box.appendChild(table("Score per task statement", ["Task", "Correct", "Questions", "Score"], taskRows));
    var sectionIds = DATA.sections.map(function (x) { return x.id; }).filter(function (x) { return s.perSection[x]; });
    box.appendChild(table("Score per section", ["Section", "Correct", "Questions", "Score"], sectionIds.map(function (x) {
      var v = s.perSection[x];
      return [sectionLink(x), String(v.correct), String(v.total), pct(v.correct, v.total) + "%"];
    })));
    var weak = sectionIds.filter(function (x) { return s.perSection[x].correct < s.perSection[x].total; })
      .sort(function (a, b) { return s.perSection[a].correct / s.perSection[a].total - s.perSection[b].correct / s.perSection[b].total; });
    box.appendChild(el("h3", { text: "Sections to revisit" }));
    if (weak.length) {
      box.appendChild(el("ul", { className: "mock-revisit" }, weak.map(function (x) {
        var v = s.perSection[x];
        return el("li", {}, [sectionLink(x), " (" + v.correct + " of " + v.total + " right)"]);
      })));
    } else {
      box.appendChild(el("p", { text: "None: every answer was right." }));
    }

    box.appendChild(el("h3", { text: "Every question" }));
    record.ids.forEach(function (id, i) {
      var q = byId[id];
      if (!q) return;
      var picks = record.answers[id] || [];
      var ok = sameSet(picks, q.answer);
      var verdict = !picks.length ? "Unanswered" : ok ? "Correct" : "Wrong";
      var item = el("section", { className: "mock-report-question " + (ok ? "is-correct" : "is-wrong"), "data-question-id": id, "aria-label": "Question " + (i + 1) });
      var head = el("h4", {}, [el("span", { text: "Question " + (i + 1) + ": " }), el("span", { className: "mock-verdict", text: verdict })]);
      if (record.flags[id]) head.appendChild(el("span", { className: "mock-tag", text: "flagged" }));
      item.appendChild(head);
      item.appendChild(el("p", { className: "mock-report-meta", text: sectionInfo[q.section].title + " · " + (q.task === "none" ? "legacy, outside DVA-C02" : "Task " + q.task) + " · " + q.difficulty }));
      item.appendChild(el("p", { className: "mock-report-prompt" }, [span(q.prompt)]));
      var order = record.orders[id] || q.choices.map(function (c, k) { return k; });
      var keyLetters = [], yourLetters = [];
      var list = el("ul", { className: "mock-report-choices" });
      order.forEach(function (original, shown) {
        var letter = LETTERS.charAt(shown);
        var isKey = q.answer.indexOf(original) !== -1, isPick = picks.indexOf(original) !== -1;
        if (isKey) keyLetters.push(letter);
        if (isPick) yourLetters.push(letter);
        var tags = [];
        if (isPick) tags.push(el("span", { className: "mock-tag", text: "your choice" }));
        if (isKey) tags.push(el("span", { className: "mock-tag", text: "key" }));
        list.appendChild(el("li", { className: "mock-choice-report" + (isKey ? " is-key" : "") + (isPick ? " is-picked" : "") }, [
          el("strong", { text: letter + ". " }), span(q.choices[original].text)
        ].concat(tags, [el("br"), el("span", { className: "mock-why-label", text: (isKey ? "Right: " : "Wrong: ") }), span(q.choices[original].why)])));
      });
      item.appendChild(el("p", { className: "mock-report-answer", text: "Your answer: " + (yourLetters.join(", ") || "none") + ". Key: " + keyLetters.join(", ") + "." }));
      item.appendChild(list);
      item.appendChild(el("p", { className: "mock-report-explanation" }, [span(q.explanation)]));
      item.appendChild(el("p", { className: "mock-report-source" }, ["Source: ", el("a", { href: q.source.url, text: q.source.title }), ". Revisit: ", sectionLink(q.section), "."]));
      box.appendChild(item);
    });
    var again = el("button", { type: "button", className: "quiz-button mock-again", text: "Set up another exam" });
    again.addEventListener("click", function () { setup(true); });
    box.appendChild(el("p", {}, [again]));
    show("result");
    box.focus();
  }

  // --- past attempts: a table and an inline SVG chart -----------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function chart(attempts) {
    var W = 480, H = 200, L = 36, R = 10, T = 12, B = 24;
    var node = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "mock-chart", role: "img", "aria-labelledby": "mock-chart-title" });
    var title = svg("title", { id: "mock-chart-title" });
    title.textContent = "Scores of your past attempts, oldest first: " + attempts.map(function (a) { return pct(a.correct, a.total) + "%"; }).join(", ") + ". The dashed line is the estimated pass mark.";
    node.appendChild(title);
    function y(p) { return T + (H - T - B) * (1 - p / 100); }
    function x(i) { return attempts.length === 1 ? (L + W - R) / 2 : L + (W - L - R) * i / (attempts.length - 1); }
    node.appendChild(svg("line", { x1: L, y1: y(0), x2: W - R, y2: y(0), class: "axis" }));
    node.appendChild(svg("line", { x1: L, y1: y(0), x2: L, y2: y(100), class: "axis" }));
    [0, 50, 100].forEach(function (p) {
      var label = svg("text", { x: L - 4, y: y(p) + 4, "text-anchor": "end" });
      label.textContent = p + "%";
      node.appendChild(label);
    });
    node.appendChild(svg("line", { x1: L, y1: y(PASS_SHARE * 100), x2: W - R, y2: y(PASS_SHARE * 100), class: "pass" }));
    var points = attempts.map(function (a, i) { return x(i) + "," + y(pct(a.correct, a.total)); });
    if (attempts.length > 1) node.appendChild(svg("polyline", { points: points.join(" "), class: "line" }));
    attempts.forEach(function (a, i) { node.appendChild(svg("circle", { cx: x(i), cy: y(pct(a.correct, a.total)), r: 3.5, class: "dot" })); });
    var axis = svg("text", { x: (L + W) / 2, y: H - 6, "text-anchor": "middle" });
    axis.textContent = "attempts, oldest to newest";
    node.appendChild(axis);
    return node;
  }
  function history() {
    var box = $(".mock-history");
    box.textContent = "";
    var attempts = load(KEY_ATTEMPTS, []);
    box.appendChild(el("h2", { id: "mock-history-heading", text: "Past attempts" }));
    if (!attempts.length) {
      box.appendChild(el("p", { text: "No attempts yet in this browser." }));
      return;
    }
    box.appendChild(chart(attempts));
    var rows = attempts.slice().reverse().map(function (a) {
      var open = el("button", { type: "button", className: "quiz-button mock-open", "data-attempt": a.id, text: "Show the report" });
      open.addEventListener("click", function () { report(a); });
      return [new Date(a.submitted).toLocaleString(), String(a.total), a.correct + " (" + pct(a.correct, a.total) + "%)", String(a.scaled), open];
    });
    box.appendChild(table("Your attempts, newest first", ["Submitted", "Questions", "Correct", "Estimated scaled score", "Report"], rows));
    var clear = el("button", { type: "button", className: "quiz-button mock-clear", text: "Clear past attempts" });
    clear.addEventListener("click", function () {
      drop(KEY_ATTEMPTS);
      history();
      announcer.textContent = "Past attempts cleared.";
    });
    box.appendChild(el("p", {}, [clear]));
  }

  // --- setup ---------------------------------------------------------------------------------
  var form = $(".mock-setup");
  function setup(fresh) {
    var o = optionsFromUrl();
    if (fresh) o.seed = null;
    var seed = o.seed || randomSeed();
    form.setAttribute("data-seed", String(seed));
    $(".mock-seed").textContent = String(seed);
    if (o.length) {
      var radio = form.querySelector('input[name="mock-length"][value="' + o.length + '"]');
      if (radio) radio.checked = true;
    }
    form.querySelector("#mock-legacy").checked = o.legacy;
    Array.prototype.forEach.call(form.querySelectorAll('input[name="mock-difficulty"]'), function (box) {
      box.checked = o.difficulty.indexOf(box.value) !== -1;
    });
    show("setup");
    history();
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var length = Number((form.querySelector('input[name="mock-length"]:checked') || { value: "20" }).value);
    var difficulty = Array.prototype.filter.call(form.querySelectorAll('input[name="mock-difficulty"]'), function (b) { return b.checked; }).map(function (b) { return b.value; });
    begin({ seed: Number(form.getAttribute("data-seed")), length: length, legacy: form.querySelector("#mock-legacy").checked, difficulty: difficulty });
  });

  $(".mock-prev").addEventListener("click", function () { go(attempt.current - 1, false); });
  $(".mock-next").addEventListener("click", function () { go(attempt.current + 1, false); });
  $(".mock-flag").addEventListener("click", toggleFlag);
  $(".mock-to-review").addEventListener("click", reviewScreen);
  $(".mock-resume-go").addEventListener("click", function () { go(attempt.current, true); startTimer(); });
  $(".mock-resume-drop").addEventListener("click", function () { drop(KEY_CURRENT); attempt = null; setup(true); });

  document.addEventListener("keydown", function (event) {
    if (!attempt || $(".mock-run").hidden) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.tagName === "SELECT" || t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && !/^(radio|checkbox)$/.test(t.type)) || t.isContentEditable)) return;
    var key = event.key.toLowerCase();
    var action = /^[1-6]$/.test(key) ? function () { chooseByNumber(Number(key)); }
      : key === "n" ? function () { go(attempt.current + 1, true); }
      : key === "p" ? function () { go(attempt.current - 1, true); }
      : key === "f" ? toggleFlag : null;
    if (!action) return;
    // Material binds N, P (next/previous page) and F (search) on window: stop them here.
    event.preventDefault();
    event.stopPropagation();
    action();
  });

  // --- start: an exam in progress is resumed (or submitted, if its time ran out meanwhile) ----
  root.classList.add("is-ready");
  var current = load(KEY_CURRENT, null);
  if (current && current.ids && current.ids.every(function (id) { return byId[id]; })) {
    attempt = current;
    if (Date.now() >= attempt.deadline) {
      finish(true);
    } else {
      $(".mock-resume-text").textContent = "You have a mock exam in progress (seed " + attempt.seed + ", " + attempt.ids.length + " questions, " + clock((attempt.deadline - Date.now()) / 1000) + " left; the clock kept running).";
      show("resume");
      history();
      $(".mock-history").hidden = true;
    }
  } else {
    if (current) drop(KEY_CURRENT);
    setup(false);
  }
})();
