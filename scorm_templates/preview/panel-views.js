/*
 * scr-course preview: the inspector's views of learner data (served only by `scr-course preview`).
 *
 * Loaded before panel.js. Pure of the panel's state: each view takes the element to fill and the data,
 * so the panel keeps launching, polling and the call log, and this file what suspend_data and
 * interactions look like. suspend_data is decoded with the format in scr_course/checks/state.py.
 */
(function (root) {
  "use strict";

  /* ---------- small DOM helpers: text only, never HTML from data ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  /* ---------- suspend_data ---------- */

  function decodeSuspend(raw) {
    var pos = 0;
    function take(n) {
      if (pos + n > raw.length) { throw new Error("ends early at character " + pos); }
      var part = raw.substr(pos, n);
      pos += n;
      return part;
    }
    function num(n) {
      var digits = take(n);
      if (!/^[0-9a-z]+$/.test(digits)) { throw new Error("bad count at character " + (pos - n)); }
      return parseInt(digits, 36);
    }
    var format = take(1);
    // Format 3 (issue 10) adds the position on screen to each quiz.
    if (format !== "2" && format !== "3") { throw new Error("format '" + format + "', this preview reads formats 2 and 3"); }
    var out = { tag: take(4), pages: [], quizzes: [], answers: [], reflections: [] };
    var i;
    var n = num(2);
    for (i = 0; i < n; i += 1) { out.pages.push(take(4)); }
    n = num(1);
    for (i = 0; i < n; i += 1) {
      var quiz = { key: take(4), attempts: num(1), status: take(1), best: num(2), seed: take(4) };
      if (format === "3") { quiz.position = num(2); }
      out.quizzes.push(quiz);
    }
    n = num(2);
    for (i = 0; i < n; i += 1) {
      var key = take(4);
      var check = take(1);
      out.answers.push({ key: key, check: check, response: take(num(1)) });
    }
    n = num(1);
    for (i = 0; i < n; i += 1) {
      var rkey = take(4);
      out.reflections.push({ key: rkey, text: take(num(2)) });
    }
    if (pos !== raw.length) { throw new Error((raw.length - pos) + " characters left over"); }
    return out;
  }

  function names(data) {
    var map = {};
    if (!data) { return map; }
    data.pages.forEach(function (p) { map["p" + p.key] = p.title; });
    data.modules.forEach(function (m) { map["m" + m.key] = m.title; });
    data.questions.forEach(function (q) { map["q" + q.key] = q.id; });
    data.reflections.forEach(function (r) { map["r" + r.key] = r.id; });
    return map;
  }

  /** The decoded suspend_data as a list, into ``box``; ``data`` is the SCO's own runtime data (names), or null. */
  function renderSuspend(box, raw, data, version) {
    clear(box);
    var limit = version === "1.2" ? 4096 : 64000;
    if (!raw) {
      box.appendChild(el("p", { "class": "empty", text: "(empty)" }));
      return;
    }
    var list = el("ul");
    try {
      var d = decodeSuspend(raw);
      var map = names(data);
      var label = function (kind, key) { return map[kind + key] || key; };
      var total = data ? data.pages.length : "?";
      list.appendChild(el("li", { text: "pages seen: " + d.pages.length + " of " + total +
        (d.pages.length ? " (" + d.pages.map(function (k) { return label("p", k); }).join(", ") + ")" : "") }));
      d.quizzes.forEach(function (q) {
        list.appendChild(el("li", { text: "quiz " + label("m", q.key) + ": attempts " + q.attempts +
          ", status " + q.status + ", best " + q.best + "%" +
          (q.position != null ? ", on screen " + (q.position + 1) : "") }));
      });
      list.appendChild(el("li", { text: "answers: " + (d.answers.length ? d.answers.map(function (a) {
        return label("q", a.key) + "=" + a.response;
      }).join(", ") : "none") }));
      d.reflections.forEach(function (r) {
        list.appendChild(el("li", { text: "reflection " + label("r", r.key) + ": " + r.text.length + " characters" }));
      });
      if (data && data.course && d.tag !== data.course.tag) {
        list.appendChild(el("li", { "class": "note", text: "tag " + d.tag + " is not this course's (" + data.course.tag + ")" }));
      }
    } catch (e) {
      list.appendChild(el("li", { "class": "note", text: "could not decode: " + e.message }));
    }
    box.appendChild(list);
    box.appendChild(el("code", { "class": "raw", text: raw }));
    box.appendChild(el("p", { "class": "help", text: raw.length + " of " + limit + " characters" }));
  }

  /** The interactions of the data model ``v`` as table rows; ``counter`` shows how many. */
  function renderInteractions(table, counter, v, version) {
    var body = table.tBodies[0];
    clear(body);
    var count = parseInt(v["cmi.interactions._count"] || "0", 10);
    counter.textContent = "(" + count + ")";
    var response = version === "1.2" ? "student_response" : "learner_response";
    for (var i = 0; i < count; i += 1) {
      var p = "cmi.interactions." + i + ".";
      var result = v[p + "result"] || "";
      var tr = el("tr", { "class": result === "correct" ? "" : (result === "wrong" || result === "incorrect" ? "error" : "") }, [
        el("td", { text: String(i) }), el("td", { text: v[p + "id"] || "" }), el("td", { text: v[p + "type"] || "" }),
        el("td", { "class": "value", title: v[p + response] || "", text: v[p + response] || "" }),
        el("td", { text: result })
      ]);
      body.appendChild(tr);
    }
    if (!count) {
      body.appendChild(el("tr", {}, [el("td", { colspan: "5", "class": "empty", text: "none yet" })]));
    }
  }

  root.ScrPreviewViews = { el: el, clear: clear, decodeSuspend: decodeSuspend, renderSuspend: renderSuspend,
    renderInteractions: renderInteractions };
}(window));
