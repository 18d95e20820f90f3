/* The officer desk, live: the queue and a case's conversation refresh through server-sent events.
   Everything works without this file (forms post and redirect back); this only adds live updates,
   the urgent alert's title and beep, local times, and a confirmation before closing a case. */
(function () {
  "use strict";

  var body = document.body;
  var LOGIN = "/desk/login";

  function localiseTimes(root) {
    var lang = document.documentElement.lang || "fr";
    root.querySelectorAll("time[datetime]").forEach(function (node) {
      var moment = new Date(node.getAttribute("datetime"));
      if (isNaN(moment.getTime())) { return; }
      node.title = node.textContent;
      node.textContent = moment.toLocaleString(lang, { dateStyle: "short", timeStyle: "short" });
    });
  }

  // Forms marked data-confirm ask first; a sent form's buttons are disabled so a double click sends once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
    }, 0);
  });

  // --- sound: browsers allow audio only after the page has been interacted with ---------------------
  var audio = null;
  var beepWaiting = false;

  function beep() {
    if (!audio) { beepWaiting = true; return; }
    var start = audio.currentTime;
    [0, 0.3].forEach(function (offset) {
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.type = "square";
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.2);
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.22);
    });
  }

  function unlockAudio() {
    if (audio) { return; }
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    audio = new Context();
    if (beepWaiting) { beepWaiting = false; beep(); }
  }
  ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
    document.addEventListener(name, unlockAudio, { passive: true });
  });

  // --- live updates -------------------------------------------------------------------------------
  function toLogin() { window.location.href = LOGIN; }

  function fetchFragment(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (reply) {
      if (reply.status === 401) { toLogin(); throw new Error("logged out"); }
      if (!reply.ok) { throw new Error("status " + reply.status); }
      return reply.text();
    });
  }

  function listen(url, eventName, onChange, checkUrl) {
    var since = body.dataset.since;
    var source = new EventSource(url + (since ? "?since=" + encodeURIComponent(since) : ""));
    source.addEventListener(eventName, function (event) { onChange(event.data); });
    source.addEventListener("logout", function () { source.close(); toLogin(); });
    source.addEventListener("error", function () {
      if (source.readyState !== EventSource.CLOSED) { return; }   // the browser reconnects by itself
      // Refused (401) or the server is away: ask once in a while, and go to the login page if logged out.
      setTimeout(function () {
        fetchFragment(checkUrl).then(function () { listen(url, eventName, onChange, checkUrl); }, function () {
          setTimeout(function () { listen(url, eventName, onChange, checkUrl); }, 10000);
        });
      }, 5000);
    });
  }

  // Queue: the urgent banner's cases put a prefix in the title and beep once each.
  var seenUrgent = {};

  function updateUrgent(beepForNew) {
    var ids = [];
    document.querySelectorAll("[data-urgent-case]").forEach(function (node) { ids.push(node.dataset.urgentCase); });
    var base = body.dataset.title || document.title;
    document.title = ids.length ? body.dataset.urgentPrefix + " · " + base : base;
    var fresh = ids.filter(function (id) { return !seenUrgent[id]; });
    ids.forEach(function (id) { seenUrgent[id] = true; });
    if (fresh.length && beepForNew) { beep(); }
  }

  function startQueue() {
    var container = document.getElementById("queue");
    updateUrgent(true);   // already waiting at load: beeps at the first interaction
    listen("/desk/events", "queue", function () {
      fetchFragment("/desk/queue").then(function (html) {
        container.innerHTML = html;
        localiseTimes(container);
        updateUrgent(true);
      }, function () {});
    }, "/desk/queue");
  }

  // Case: the conversation refreshes in place; a change of state (claimed, taken over, closed) is announced.
  function startCase() {
    var caseId = body.dataset.case;
    var container = document.getElementById("transcript");
    var transcriptUrl = "/desk/cases/" + caseId + "/transcript";
    function scrollDown() {
      var list = container.querySelector(".transcript");
      if (list) { list.scrollTop = list.scrollHeight; }
    }
    scrollDown();
    listen("/desk/cases/" + caseId + "/events", "case", function (data) {
      var list = container.querySelector(".transcript");
      var atBottom = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 40;
      fetchFragment(transcriptUrl).then(function (html) {
        container.innerHTML = html;
        localiseTimes(container);
        if (atBottom) { scrollDown(); }
      }, function () {});
      try {
        if (JSON.parse(data).state !== body.dataset.state) {
          document.getElementById("case-changed").hidden = false;
        }
      } catch (ignored) { /* not JSON: nothing to compare */ }
    }, transcriptUrl);
  }

  localiseTimes(document);
  if (body.dataset.page === "queue") { startQueue(); }
  if (body.dataset.page === "case") { startCase(); }
}());
