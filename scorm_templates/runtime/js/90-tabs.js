/* ---------- two tabs ---------- */

function watchOtherTabs() {
  var me = Math.random().toString(36).slice(2);
  var warning = t("tabs.other_open");
  var channel;
  try { channel = new BroadcastChannel(STORE_KEY); } catch (e) { channel = null; }
  if (!channel) return;
  channel.onmessage = function (event) {
    var msg = event.data || {};
    if (msg.from === me) return;
    if (msg.t === "hello") channel.postMessage({ t: "here", from: me });
    if (msg.t === "hello" || msg.t === "here") text(byId("tab-alert"), warning);
    if (msg.t === "bye") text(byId("tab-alert"), "");
  };
  channel.postMessage({ t: "hello", from: me });
  window.addEventListener("pagehide", function () { try { channel.postMessage({ t: "bye", from: me }); } catch (e) { /* closed */ } });
}

