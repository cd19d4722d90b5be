/* ---------- course data ---------- */

var pages = D.pages;
var pageById = index(pages, "id");
var pageByKey = index(pages, "key");
var modules = D.modules;
var moduleById = index(modules, "id");
var moduleByKey = index(modules, "key");
var questions = D.questions;
var qById = index(questions, "id");
var qByKey = index(questions, "key");
var reflections = D.reflections;
var rById = index(reflections, "id");
var rByKey = index(reflections, "key");
var scoredModules = modules.filter(function (m) { return m.scored; });
var countedPages = pages.filter(function (p) { return p.counts; });
var STORE_KEY = "scr:" + D.course.id + ":" + D.course.version + ":" + D.sco.id;

function passMark(module) {
  return module.passMark != null ? module.passMark : D.tracking.passMark != null ? D.tracking.passMark : 80;
}

