/* The officer desk, live: the queue and a case's conversation refresh through server-sent events.
   Everything works without this file (forms post and redirect back); this only adds live updates,
   the urgent alert's title and beep, local times (day/month/year, 24 hours, in every language), a
   confirmation before closing a case, quick replies inserted into the reply, and Ctrl+Enter to send. */
(function () {
  "use strict";

  var body = document.body;
  var LOGIN = "/desk/login";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  // One format in every desk language: 05/12/2026 21:35 (day first, 24 hours, Western digits), local time.
  function localiseTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (node) {
      var moment = new Date(node.getAttribute("datetime"));
      if (isNaN(moment.getTime())) { return; }
      node.title = node.textContent;
      node.textContent = two(moment.getDate()) + "/" + two(moment.getMonth() + 1) + "/" + moment.getFullYear() +
        " " + two(moment.getHours()) + ":" + two(moment.getMinutes());
    });
  }

  // Ctrl+Enter (or Cmd+Enter) in a reply sends it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) { return; }
    var field = event.target;
    var form = field && field.form;
    if (!form || field.tagName !== "TEXTAREA" || !form.hasAttribute("data-ctrl-enter")) { return; }
    event.preventDefault();
    if (!field.value.trim()) { return; }
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });

  // A quick reply goes into the reply where the cursor is, to be edited before sending.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-quick-reply]") : null;
    if (!button) { return; }
    var field = document.getElementById("reply-text");
    if (!field) { return; }
    var text = button.getAttribute("data-quick-reply");
    var start = field.selectionStart || 0;
    var end = field.selectionEnd || 0;
    var before = field.value.slice(0, start);
    var spacer = before && !/\s$/.test(before) ? " " : "";
    field.value = before + spacer + text + field.value.slice(end);
    var caret = (before + spacer + text).length;
    field.focus();
    field.setSelectionRange(caret, caret);
  });

  // Forms marked data-confirm ask first; a sent form's buttons are disabled so a double click sends once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("filter-form")) {
      // Only the filters chosen go into the address: /desk/?priority=high rather than every empty field.
      form.querySelectorAll("input[name], select[name]").forEach(function (field) {
        if (field.value === "" || field.value === field.dataset.default) { field.disabled = true; }
      });
      return;
    }
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
    }, 0);
  });

  // Back to a page whose filter form was sent: its fields work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll(".filter-form [disabled]").forEach(function (field) { field.disabled = false; });
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
    var banner = document.querySelector("[data-urgent-ids]");
    var ids = banner ? banner.dataset.urgentIds.split(" ").filter(Boolean) : [];
    var base = body.dataset.title || document.title;
    document.title = ids.length ? body.dataset.urgentPrefix + " · " + base : base;
    var fresh = ids.filter(function (id) { return !seenUrgent[id]; });
    ids.forEach(function (id) { seenUrgent[id] = true; });
    if (fresh.length && beepForNew) { beep(); }
  }

  function startQueue() {
    var container = document.getElementById("queue");
    updateUrgent(true);   // already waiting at load: beeps at the first interaction
    // The fragment with the page's own filters (kept in the address).
    var fragmentUrl = "/desk/queue" + window.location.search.replace(/([?&])(done|error)=[^&]*/g, "$1");
    var filters = document.getElementById("filters");
    if (filters && window.matchMedia && window.matchMedia("(min-width: 701px)").matches) { filters.open = true; }
    listen("/desk/events", "queue", function () {
      fetchFragment(fragmentUrl).then(function (html) {
        container.innerHTML = html;
        localiseTimes(container);
        updateUrgent(true);
      }, function () {});
    }, fragmentUrl);
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
