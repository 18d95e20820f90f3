// The local web chat page: keeps a random sender id in this browser, posts each message to the
// web chat endpoint and shows the replies and their buttons.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");

  function randomId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  var sender = localStorage.getItem("amane_sender") || randomId();
  localStorage.setItem("amane_sender", sender);
  // The highest id of an officer's message shown here: asking with it confirms what was received.
  var after = Number(localStorage.getItem("amane_after") || "0");

  function show(text, who) {
    var div = document.createElement("div");
    div.className = "msg " + who;
    div.dir = "auto";
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function showButtons(buttons) {
    var row = document.createElement("div");
    row.className = "buttons";
    buttons.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.dir = "auto";
      button.textContent = b.title;
      button.addEventListener("click", function () { send(b.payload, b.title); });
      row.appendChild(button);
    });
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }

  function send(message, shown) {
    show(shown || message, "user");
    var body = JSON.stringify({ sender: sender, message: message, message_id: randomId() });
    fetch("/webhooks/webchat/webhook", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { show(data.detail, "error"); return; }
        if (data.status === "wiped") {
          // The exit word: nothing of the conversation stays on this screen or in this browser.
          log.textContent = "";
          sender = randomId();
          after = 0;
          localStorage.setItem("amane_sender", sender);
          localStorage.setItem("amane_after", "0");
        }
        (data.messages || []).forEach(function (m) {
          if (m.text) { show(m.text, "bot"); }
          if (m.buttons && m.buttons.length) { showButtons(m.buttons); }
        });
      })
      .catch(function () { show("…", "error"); });
  }

  // An officer who took the conversation over writes through here: one waiting request at a time.
  function poll() {
    var asked = sender;
    fetch("/webhooks/webchat/updates", { method: "POST", headers: { "Content-Type": "application/json" },
                                         body: JSON.stringify({ sender: asked, after: after }) })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (data) {
        if (asked === sender) {
          (data.messages || []).forEach(function (m) {
            if (m.id > after) { show(m.text, "bot officer"); after = m.id; }
          });
          localStorage.setItem("amane_after", String(after));
        }
        setTimeout(poll, 200);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  poll();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
})();
