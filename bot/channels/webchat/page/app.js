// The web chat page: greets in the visitor's language, posts each message to the web chat endpoint, shows the
// replies (numbers to call as links, buttons in the text's direction), waits for an officer's messages, and leaves
// nothing behind at the quick exit. Every word it shows comes from the server (/webhooks/webchat/texts).
(function () {
  "use strict";
  var WEBHOOK = "/webhooks/webchat/webhook";
  var UPDATES = "/webhooks/webchat/updates";
  var TEXTS = "/webhooks/webchat/texts?languages=";
  var STORED = ["amane_sender", "amane_after", "amane_held", "amane_language"];
  var ARABIC = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;
  var STRONG = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;
  var NUMBER_RUN = /\+?\d[\d \u00a0.\-]*\d|\d/g;

  function $(id) { return document.getElementById(id); }
  var log = $("log"), form = $("composer"), input = $("text"), sendButton = $("send");
  var exitButton = $("quick-exit"), languagesNav = $("languages");

  // Storage can be refused (some private modes): the chat still works, it only forgets on reload.
  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function write(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* not kept */ } }
  function forget() { STORED.forEach(function (key) { try { localStorage.removeItem(key); } catch (e) { /* gone */ } }); }

  function randomId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  var sender = read("amane_sender") || randomId();
  write("amane_sender", sender);
  var after = Number(read("amane_after") || "0");  // the highest officer's message shown: asking with it confirms it
  var held = read("amane_held") === "true";        // an officer holds the chat, as last seen
  var texts = null;                                 // the page's words, greeting and numbers, in one language
  var cache = {};

  function words(key, values) {
    var text = texts ? texts.ui[key] : "…";
    Object.keys(values || {}).forEach(function (name) { text = text.replace("{" + name + "}", values[name]); });
    return text;
  }

  // --- what the page shows ------------------------------------------------------------------------------------

  // The direction of a text is that of its first letter: Arabic script right to left, arabizi left to right.
  function direction(text) {
    var first = STRONG.exec(text);
    return first ? (ARABIC.test(first[0]) ? "rtl" : "ltr") : null;
  }

  function digits(text) { return text.replace(/[^\d+]/g, ""); }

  // A number to call: one of the content's contacts, or a long number as people write them ("+212 6…", "0612…").
  function isPhone(run) {
    var known = (texts ? texts.phones : []).map(digits);
    return known.indexOf(digits(run)) >= 0 || (/^(\+|0)/.test(run) && digits(run).replace("+", "").length >= 8);
  }

  function fillWithLinks(element, text) {
    var last = 0, match;
    NUMBER_RUN.lastIndex = 0;
    while ((match = NUMBER_RUN.exec(text)) !== null) {
      if (!isPhone(match[0])) { continue; }
      element.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = document.createElement("a");
      link.href = "tel:" + digits(match[0]);
      link.dir = "ltr";
      link.textContent = match[0];
      element.appendChild(link);
      last = match.index + match[0].length;
    }
    element.appendChild(document.createTextNode(text.slice(last)));
  }

  function add(element) {
    log.appendChild(element);
    log.scrollTop = log.scrollHeight;
    return element;
  }

  function show(text, classes, links) {
    var div = document.createElement("div");
    div.className = "msg " + classes;
    var dir = direction(text);
    if (dir) { div.dir = dir; }
    if (links) { fillWithLinks(div, text); } else { div.textContent = text; }
    return add(div);
  }

  function notice(text) {
    var p = document.createElement("p");
    p.className = "notice";
    p.textContent = text;
    return add(p);
  }

  function showButtons(buttons) {
    var row = document.createElement("div");
    row.className = "buttons";
    row.dir = direction(buttons.map(function (b) { return b.title; }).join(" ")) || "auto";
    buttons.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", function () {
        button.classList.add("chosen");
        send(b.payload, b.title);
      });
      row.appendChild(button);
    });
    add(row);
  }

  // Buttons answer the question they came with: once the person answered (a tap or a typed message), they stop.
  function closeButtons() {
    Array.prototype.forEach.call(log.querySelectorAll(".buttons button"), function (button) { button.disabled = true; });
  }

  function showReplies(messages) {
    (messages || []).forEach(function (m) {
      if (m.text) { show(m.text, "bot", true); }
      if (m.buttons && m.buttons.length) { showButtons(m.buttons); }
    });
  }

  // --- the page's language -----------------------------------------------------------------------------------

  function loadTexts(tags) {
    var key = tags.join(",");
    if (cache[key]) { return Promise.resolve(cache[key]); }
    return fetch(TEXTS + encodeURIComponent(key)).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (loaded) { cache[key] = cache[loaded.language] = loaded; return loaded; });
  }

  function apply(loaded) {
    texts = loaded;
    var ui = loaded.ui;
    document.documentElement.lang = loaded.lang || loaded.language;  // "ary-Latn" for the form "ary_latn"
    document.documentElement.dir = loaded.direction;
    document.title = loaded.name;
    $("name").textContent = loaded.name;
    exitButton.textContent = ui.quick_exit;
    exitButton.setAttribute("aria-label", ui.quick_exit_label);
    $("text-label").textContent = ui.message_label;
    input.placeholder = ui.placeholder;
    sendButton.setAttribute("aria-label", ui.send);
    languagesNav.setAttribute("aria-label", ui.languages_label);
    languagesNav.textContent = "";
    loaded.languages.forEach(function (l) {
      var button = document.createElement("button");
      button.type = "button";
      button.lang = l.lang || l.code;
      button.dir = direction(l.name) || "auto";
      button.textContent = l.name;
      button.setAttribute("aria-pressed", String(l.code === loaded.language));
      // The language's own name is a request the server understands: the conversation switches there too.
      button.addEventListener("click", function () { if (l.code !== texts.language) { send(l.name); } });
      languagesNav.appendChild(button);
    });
    Array.prototype.forEach.call(log.querySelectorAll(".msg.officer"), function (m) { m.setAttribute("data-who", ui.officer); });
  }

  function switchLanguage(language) {
    if (!language || (texts && texts.language === language)) { return; }
    write("amane_language", language);
    loadTexts([language]).then(apply, function () { /* keep the current words */ });
  }

  function greet() {
    texts.greeting.forEach(function (text) { show(text, "welcome", true); });
    texts.menu_prompt.forEach(function (text) { show(text, "welcome", true); });
    showButtons(texts.menu);
  }

  function start() {
    var stored = read("amane_language");
    var tags = stored ? [stored] : (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]);
    loadTexts(Array.prototype.filter.call(tags, Boolean).slice(0, 10)).then(function (loaded) {
      apply(loaded);
      if (!log.querySelector(".msg")) { greet(); }
    }, function () { setTimeout(start, 5000); });
  }

  // --- sending ----------------------------------------------------------------------------------------------

  function send(message, shown) {
    closeButtons();
    post({ message: message, typed: !shown, bubble: show(shown || message, "user", false) });
  }

  function post(item) {
    var asked = sender;
    var body = { sender: sender, message: item.message, message_id: randomId() };
    // A new id on every try: a try that failed half-way may have recorded its id, and a retry with it would be
    // dropped as a duplicate. The page's language is the first reply's until a text tells the server otherwise.
    if (texts) { body.language = texts.language; }
    fetch(WEBHOOK, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (data) { return data; }, function () { return {}; })
          .then(function (data) { return { status: r.status, data: data }; });
      })
      .then(function (reply) {
        if (asked !== sender) { return; }  // the conversation was wiped meanwhile
        if (reply.status >= 400 || !reply.data.status) { failed(item, reply.status, reply.data); return; }
        answered(reply.data);
      }, function () { if (asked === sender) { failed(item, 0, {}); } });
  }

  function answered(data) {
    if (data.status === "wiped") { wipe(); }
    switchLanguage(data.language);
    showReplies(data.messages);
  }

  // Nothing typed is lost: the message stays on screen with a way to send it again, or goes back in the box.
  function failed(item, status, data) {
    var seconds = Math.max(1, Math.ceil(Number(data.retry_after) || 1));
    var message = status === 0 ? words("error_network")
      : status === 429 ? words("error_rate_limited", { seconds: seconds })
        : status === 413 ? words("error_too_long", { max: data.max_chars || "" })
          : status >= 500 ? words("error_server") : words("error_refused");
    var failure = document.createElement("div");
    failure.className = "failure";
    failure.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = message;
    failure.appendChild(text);
    if (status === 413 && item.typed) {
      // Sending it again would fail again: back to the box, to be shortened.
      input.value = item.message + (input.value ? "\n" + input.value : "");
      item.bubble.parentNode.removeChild(item.bubble);
      add(failure);
      return;
    }
    item.bubble.classList.add("failed");
    var again = document.createElement("button");
    again.type = "button";
    again.textContent = words("send_again");
    again.addEventListener("click", function () {
      failure.parentNode.removeChild(failure);
      item.bubble.classList.remove("failed");
      post(item);
    });
    if (status === 429) {
      again.disabled = true;
      setTimeout(function () { again.disabled = false; }, seconds * 1000);
    }
    failure.appendChild(again);
    log.insertBefore(failure, item.bubble.nextSibling);
    log.scrollTop = log.scrollHeight;
  }

  // --- leaving no trace -------------------------------------------------------------------------------------

  function wipe() {
    log.textContent = "";
    sender = randomId();
    after = 0;
    held = false;
    forget();
    write("amane_sender", sender);
  }

  // The quick exit: the screen and this browser's traces go at once; the exit word asks the server to erase the
  // conversation (keepalive: the request outlives the page); then a neutral page takes this one's place in history.
  function quickExit() {
    var leaving = sender;
    log.textContent = "";
    input.value = "";
    sender = null;
    forget();
    if (texts) {
      try {
        fetch(WEBHOOK, { method: "POST", keepalive: true, headers: { "Content-Type": "application/json" },
                         body: JSON.stringify({ sender: leaving, message: texts.exit_word, message_id: randomId() }) })
          .catch(function () { /* the page is gone either way */ });
      } catch (e) { /* the page is gone either way */ }
    }
    location.replace(document.body.getAttribute("data-exit-url") || "about:blank");
  }

  // --- an officer's messages --------------------------------------------------------------------------------

  // One waiting request at a time; it also tells when an officer takes the chat over.
  function poll() {
    var asked = sender;
    if (!asked) { return; }
    fetch(UPDATES, { method: "POST", headers: { "Content-Type": "application/json" },
                     body: JSON.stringify({ sender: asked, after: after, held: held }) })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (data) {
        if (asked === sender) {
          if (data.held === true && !held && texts) { notice(words("joined")); }
          if (typeof data.held === "boolean") { held = data.held; write("amane_held", String(held)); }
          (data.messages || []).forEach(function (m) {
            if (m.id > after) {
              show(m.text, "bot officer", true).setAttribute("data-who", texts ? texts.ui.officer : "");
              after = m.id;
            }
          });
          write("amane_after", String(after));
        }
        setTimeout(poll, 200);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }

  exitButton.addEventListener("click", quickExit);
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
  start();
  poll();
})();
