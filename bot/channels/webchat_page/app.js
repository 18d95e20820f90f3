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
          localStorage.setItem("amane_sender", sender);
        }
        (data.messages || []).forEach(function (m) {
          if (m.text) { show(m.text, "bot"); }
          if (m.buttons && m.buttons.length) { showButtons(m.buttons); }
        });
      })
      .catch(function () { show("…", "error"); });
  }

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
