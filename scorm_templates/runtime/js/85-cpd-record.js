/* ---------- the CPD record: one printable HTML page, made in the browser from the learner's own data ---------- */

/* One stylesheet for the downloaded file (inline <style>) and for printing from the course
   (a constructed stylesheet: the package's CSP allows no inline style, but CSSOM is not inline).
   BRAND is the course theme's primary colour in light mode (render/data.py): the record is on white paper. */
var RECORD_CSS = [
  ".record{max-width:44rem;margin:0 auto;padding:1.5rem;font:11pt/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1d1d1f;background:#fff}",
  ".record .record-head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;padding-bottom:.5rem;border-bottom:4px solid BRAND;margin-bottom:1rem}",
  ".record .record-logo{max-height:3.5rem;width:auto}",
  ".record h1{font-size:1.6rem;margin:0;color:BRAND}",
  ".record .record-course{font-size:1.1rem;font-weight:600;margin:0 0 1rem}",
  ".record h2{font-size:1.05rem;margin:1.25rem 0 .4rem;padding-bottom:.2rem;border-bottom:2px solid BRAND;break-after:avoid}",
  ".record dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}",
  ".record dt{font-weight:700}.record dd{margin:0}",
  ".record ul{margin:.25rem 0;padding-left:1.25rem}",
  ".record .record-note{font-size:.9rem;color:#4a4f55;margin:0 0 .5rem}",
  ".record .record-prompt{font-size:.9rem;color:#4a4f55;margin:.75rem 0 .2rem;break-after:avoid}",
  ".record .record-answer{font-size:1.05rem;margin:0;padding:.5rem .75rem;border-left:4px solid BRAND;background:#f3f5f7;white-space:pre-wrap;break-inside:avoid}",
  ".record .record-empty{font-style:italic;color:#4a4f55}",
  // The footer keeps to the last answer: never a page of its own (issue 21).
  ".record .record-footer{margin-top:1rem;font-size:.85rem;color:#4a4f55;break-before:avoid}",
  "@page{size:A4;margin:15mm}",
  "@media print{.record{padding:0;max-width:none}}"
].join("\n");

function recordCss() { return RECORD_CSS.replace(/BRAND/g, D.course.brand); }

/* ---------- time on the course: what the LMS holds from earlier sessions, plus this one ---------- */

/** Milliseconds spent in earlier sessions, from the LMS (SCORM total_time; cmi5: the state
 *  document, 35-cmi5.js); null without an LMS, when only this session is known. */
var priorSpent = null;
function readPriorTime() {
  if (isCmi5 || !lms || !lms.live) return;
  priorSpent = parseTimespan(lms.get(is2004 ? "cmi.total_time" : "cmi.core.total_time") || "");
}
/** SCORM 1.2 HHHH:MM:SS.SS or an ISO 8601 duration (2004) in milliseconds; 0 when unreadable. */
function parseTimespan(value) {
  var m = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(value);
  if (m) return ((+m[1] * 60 + +m[2]) * 60 + +m[3]) * 1000;
  m = /^P(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!m) return 0;
  return (((+m[1] || 0) * 24 + (+m[2] || 0)) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0)) * 1000;
}
/** Earlier sessions plus this one (frozen at Finish, as the session time the LMS was sent). */
function spentMs() {
  return (priorSpent || 0) + ((finishedAt ? finishedAt.getTime() : Date.now()) - startedAt);
}
function durationText(minutes) {
  return minutes >= 60 ? t("time.hours_minutes", { hours: Math.floor(minutes / 60), minutes: minutes % 60 })
                       : minutes === 1 ? t("time.one_minute") : t("time.minutes", { minutes: minutes });
}

function recordRows() {
  var rows = [];
  if (learnerName) rows.push([t("record.learner"), learnerName]);
  rows.push([t("record.course"), D.course.title], [t("record.version"), D.course.version]);
  rows.push([t("record.completed_on"), isComplete() ? longDate(finishedAt || new Date()) : t("record.not_completed")]);
  rows.push([t(priorSpent === null ? "record.time_spent" : "record.time_total"), spentText(spentMs())]);
  var notional = modules.reduce(function (sum, m) { return sum + (m.minutes || 0); }, 0);
  if (notional) rows.push([t("record.time_notional"), durationText(notional)]);
  if (scoredModules.length) {
    var result = outcomeRows().filter(function (row) { return row[0] === t("outcome.score") || row[0] === t("outcome.result"); });
    rows.push([t("record.score"), result.map(function (row) { return row[1]; }).join(", ")]);
  }
  return rows;
}
function spentText(ms) { return durationText(Math.max(1, Math.round(ms / 60000))); }

/** A prompt's question without its guidance notes (what not to write, where answers are kept):
 *  they are the same under every prompt, so the record says them once (issue 21). */
function promptQuestion(id) {
  var first = $("p", byId("reflection-" + id + "--prompt"));
  return first ? first.textContent.replace(/\s+/g, " ").trim() : promptText(id);
}

/** The theme's logo as a data: URL for the downloaded file (drawn from the header's image); "" when unreadable. */
function logoData() {
  var img = $(".course-logo");
  if (!img || !img.naturalWidth) return "";
  try {
    var canvas = doc.createElement("canvas");
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL("image/png");
  } catch (e) { return ""; }  // file:// pages taint the canvas
}

/** The record as DOM nodes (so learner text is never parsed as HTML). */
function recordNode(logoSrc) {
  var box = doc.createElement("article");
  box.className = "record";
  function add(parent, tag, value, cls) {
    var node = doc.createElement(tag);
    if (value != null) node.textContent = value;
    if (cls) node.className = cls;
    parent.appendChild(node);
    return node;
  }
  var head = add(box, "div", null, "record-head");
  add(head, "h1", t("record.heading"));
  if (D.course.logo && logoSrc) {
    var logo = add(head, "img", null, "record-logo");
    logo.src = logoSrc;
    logo.alt = D.course.logo.alt;
    logo.width = D.course.logo.width;
    logo.height = D.course.logo.height;
  }
  add(box, "p", D.course.title, "record-course");
  var facts = add(box, "dl");
  each(recordRows(), function (row) { add(facts, "dt", row[0]); add(facts, "dd", row[1]); });
  add(box, "h2", t("record.modules"));
  var done = modules.filter(function (m) { var s = moduleState(m); return s === "done" || s === "passed"; });
  var list = add(box, "ul");
  each(done, function (m) { add(list, "li", m.title); });
  if (!done.length) add(list, "li", t("status.not_started"));
  if (D.course.standards.length) {
    add(box, "h2", t("record.standards"));
    var standards = add(box, "dl");
    each(D.course.standards, function (s) { add(standards, "dt", s.framework); add(standards, "dd", s.headings.join("; ")); });
  }
  if (reflections.length) {
    add(box, "h2", t("record.reflections"));
    add(box, "p", t("record.reflections_note"), "record-note");
    each(reflections, function (r) {
      add(box, "p", promptQuestion(r.id), "record-prompt");
      var value = S.reflections[r.id] || "";
      add(box, "p", value || t("record.no_answer"), value ? "record-answer" : "record-answer record-empty");
    });
  }
  add(box, "p", t("record.footer"), "record-footer");
  return box;
}

function recordHtml() {
  var title = t("record.file_title", { course: D.course.title });
  return "<!DOCTYPE html>\n<html lang=\"" + escapeHtml(D.course.language) + "\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escapeHtml(title) + "</title>" +
    "<style>body{margin:0;background:#fff}\n" + recordCss() + "</style></head>\n<body><main>" +
    recordNode(logoData()).outerHTML + "</main></body></html>\n";
}

function saveOpenReflections() {
  each(reflections, function (r) { if (reflectionInput(r.id)) saveReflection(r.id, false); });
}

function downloadRecord() {
  saveOpenReflections();
  var blob = new Blob([recordHtml()], { type: "text/html;charset=utf-8" });
  // A detached link: nothing unnamed ever enters the tab order.
  var link = doc.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "cpd-record-" + D.course.id + ".html";
  link.click();
  setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
}

var recordSheet = null;
function printRecord() {
  saveOpenReflections();
  var box = byId("record-print");
  box.textContent = "";
  box.appendChild(recordNode(D.course.logo && D.course.logo.src));
  if (!recordSheet && doc.adoptedStyleSheets && window.CSSStyleSheet) {
    try {
      recordSheet = new CSSStyleSheet();
      recordSheet.replaceSync(recordCss());
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.concat([recordSheet]);
    } catch (e) { recordSheet = null; }
  }
  root.classList.add("printing-record");
  window.print();
  setTimeout(function () { root.classList.remove("printing-record"); }, 500);
}

/* ---------- "Print this module": only the module on screen ---------- */

function markForPrint() {
  each(sections, function (s) { s.removeAttribute("data-print"); });
  if (root.classList.contains("printing-record") || !current) return;
  var ids = current.module ? moduleById[current.module].pages : [current.id];
  each(ids, function (id) { var s = sectionOf(id); if (s) s.setAttribute("data-print", ""); });
  // Drop-downs print as empty boxes: list a matching question's options once, above its rows.
  each($$("section[data-print] .matching:not([data-print-options])"), function (rows) {
    rows.setAttribute("data-print-options", "");
    var select = $("select", rows);
    if (!select) return;
    var box = doc.createElement("div");
    box.className = "print-only print-options";
    box.setAttribute("aria-hidden", "true");
    var label = doc.createElement("p");
    label.textContent = t("print.match_options");
    var list = doc.createElement("ul");
    each($$("option", select).slice(1), function (o) {
      var li = doc.createElement("li");
      li.textContent = o.textContent;
      list.appendChild(li);
    });
    box.appendChild(label);
    box.appendChild(list);
    rows.parentNode.insertBefore(box, rows);
  });
}
