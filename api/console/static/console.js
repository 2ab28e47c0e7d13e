// The console's few live parts, in plain JavaScript (no build step, nothing from outside):
// regions re-fetched when /api/events says something changed, ticking SLA timers, and the
// follow-up draft that follows the chosen status.
(function () {
  "use strict";
  var body = document.body;
  // Server clock minus this browser's, so a timer agrees with the server's deadline.
  var skew = body.dataset.now ? Date.parse(body.dataset.now) - Date.now() : 0;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function clock(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), rest = s % 60;
    return h + ":" + pad(m) + ":" + pad(rest);  // one format, as the server's clock_text
  }

  function tick() {
    var now = Date.now() + skew;
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var left = Date.parse(el.dataset.due) - now;
      var template = left >= 0 ? body.dataset.left : body.dataset.overdue;
      el.textContent = template.replace("%(t)s", clock(left));
      el.classList.toggle("overdue", left < 0);
    });
  }

  function scrollTranscripts(root) {
    root.querySelectorAll(".transcript").forEach(function (list) {
      list.scrollTop = list.scrollHeight;
    });
  }

  // Replace a region's content, keeping keyboard focus on the same link or field.
  function swap(region, html) {
    var active = document.activeElement, key = null;
    if (active && region.contains(active)) {
      key = active.id ? "#" + CSS.escape(active.id)
        : active.getAttribute("href") ? 'a[href="' + CSS.escape(active.getAttribute("href")) + '"]'
        : null;
    }
    region.innerHTML = html;
    var again = key && region.querySelector(key);
    if (again) again.focus();
    scrollTranscripts(region);
    tick();
  }

  function refresher(region) {
    var timer = null, last = null;
    function refresh() {
      timer = null;
      region.setAttribute("aria-busy", "true");
      fetch(region.dataset.live, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (response.redirected) { location.reload(); return null; }  // logged out
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html !== null && html !== last) { last = html; swap(region, html); }
        })
        .catch(function () { /* the next event tries again */ })
        .finally(function () { region.setAttribute("aria-busy", "false"); });
    }
    // Events come in bursts (a message, then its case): one fetch for the burst.
    return function () { if (!timer) timer = setTimeout(refresh, 120); };
  }

  function concerns(region, event) {
    if ((" " + region.dataset.on + " ").indexOf(" " + event.type + " ") < 0) return false;
    var ids = { case_id: region.dataset.case, conversation_id: region.dataset.conversation, match_id: region.dataset.match };
    return Object.keys(ids).every(function (name) {
      return ids[name] === undefined || event[name] === undefined || String(event[name]) === ids[name];
    });
  }

  // What must not be missed, on every page: a new urgent case, an escalation, someone asking
  // for a person. It updates the title's count, says so on the page, and (if the user chose)
  // beeps and raises a browser notification. Events carry ids only, never a person's words.
  function arrival(event) {
    var kind = event.type === "case_filed" && (event.priority === 1 || event.case_kind === "distress") ? "urgent"
      : event.type === "case_escalated" ? "escalated"
      : event.type === "human_requested" ? "human" : null;
    if (!kind) return null;
    var url = event.case_id ? "/console/cases/" + event.case_id
      : "/console/conversations/" + event.conversation_id;
    return { text: body.dataset["arrival" + kind.charAt(0).toUpperCase() + kind.slice(1)], url: url, tag: kind + (event.case_id || event.conversation_id) };
  }

  function alerts() {
    var title = document.title, banner = document.getElementById("arrivals");
    var sound = document.getElementById("sound"), ask = document.getElementById("notify");
    var audio = null, timer = null;
    function count() {
      timer = null;
      fetch(body.dataset.attention, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok && !response.redirected ? response.json() : null; })
        .then(function (found) { if (found) document.title = found.count ? "(" + found.count + ") " + title : title; })
        .catch(function () { /* the next event tries again */ });
    }
    function beep() {
      if (!audio) return;
      var tone = audio.createOscillator(), gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.3);
    }
    function say(found) {
      banner.textContent = found.text + " · ";
      var link = document.createElement("a");
      link.href = found.url;
      link.textContent = found.url.indexOf("/cases/") > 0 ? "#" + found.url.split("/").pop() : found.text;
      banner.appendChild(link);
      banner.hidden = false;
      if (sound && sound.checked) beep();
      if (window.Notification && Notification.permission === "granted") {
        var note = new Notification(found.text, { tag: found.tag, lang: document.documentElement.lang });
        note.onclick = function () { window.focus(); location.href = found.url; };
      }
    }
    if (sound) {
      // A page may only play sound after the user acts: the checkbox is that act.
      var want = function () { if (sound.checked && !audio && window.AudioContext) audio = new AudioContext(); };
      sound.checked = localStorage.getItem("amparo.sound") === "1";
      sound.addEventListener("change", function () {
        localStorage.setItem("amparo.sound", sound.checked ? "1" : "0");
        want();
      });
      document.addEventListener("click", want, { once: true });
    }
    if (ask && window.Notification && Notification.permission === "default") {
      ask.hidden = false;
      ask.addEventListener("click", function () {
        Notification.requestPermission().then(function () { ask.hidden = Notification.permission === "default"; });
      });
    }
    count();
    return {
      heard: function (event) {
        if (/^(case_|human_|conversation_)/.test(event.type) && !timer) timer = setTimeout(count, 150);
        var found = arrival(event);
        if (found) say(found);
      },
      refresh: count,
    };
  }

  // One stream per page: the live regions re-fetch what concerns them; arrivals are told.
  function listen() {
    if (!body.dataset.attention || !window.EventSource) return;
    var regions = Array.prototype.slice.call(document.querySelectorAll("[data-live]"));
    var pairs = regions.map(function (region) { return [region, refresher(region)]; });
    var told = alerts();
    var source = new EventSource("/api/events");
    // Whatever happened before the stream opened (or while it was down) is fetched now.
    source.onopen = function () {
      body.dataset.stream = "open"; // said on the page: what arrives from now on is heard
      pairs.forEach(function (pair) { pair[1](); });
      told.refresh();
    };
    source.onerror = function () { body.dataset.stream = "down"; };
    source.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (error) { return; }
      pairs.forEach(function (pair) { if (concerns(pair[0], event)) pair[1](); });
      released(event);
      told.heard(event);
    };
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // A supervisor released the conversation from this agent: the reply and hand-back forms
  // go, and a notice says why in place of the page's last one ("you hold it"); the holder
  // line refreshes on the same event.
  function released(event) {
    if (event.type !== "conversation_released" || event.held_by === undefined) return;
    document.querySelectorAll("[data-mine]").forEach(function (side) {
      if (side.dataset.mine !== String(event.held_by)) return;
      if (side.dataset.conversation !== String(event.conversation_id)) return;
      side.querySelectorAll("form").forEach(function (form) { form.remove(); });
      document.querySelectorAll(".flash").forEach(function (flash) { flash.remove(); });
      var notice = side.querySelector("[data-released]");
      if (notice) notice.hidden = false;
    });
  }

  // The follow-up draft follows the chosen status until the agent edits it.
  function drafts() {
    document.querySelectorAll("select[data-draft]").forEach(function (select) {
      var target = document.getElementById(select.dataset.draftTarget);
      if (!target) return;
      target.addEventListener("input", function () { target.dataset.edited = "1"; });
      select.addEventListener("change", function () {
        if (target.dataset.edited) return;
        var url = select.dataset.draft + "?status=" + encodeURIComponent(select.value);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (draft) { if (draft && !target.dataset.edited) target.value = draft.text; })
          .catch(function () { /* keep the draft shown */ });
      });
    });
  }

  // A canned reply goes into the reply box at the cursor, to be edited before sending.
  function canned() {
    document.querySelectorAll("select[data-insert]").forEach(function (select) {
      var box = document.getElementById(select.dataset.insert);
      if (!box) return;
      select.addEventListener("change", function () {
        if (!select.value) return;
        var at = box.selectionStart || box.value.length, end = box.selectionEnd || at;
        var before = box.value.slice(0, at), after = box.value.slice(end);
        var gap = before && !/\s$/.test(before) ? " " : "";
        box.value = before + gap + select.value + after;
        box.focus();
        box.selectionStart = box.selectionEnd = (before + gap + select.value).length;
        select.value = "";
      });
    });
  }

  // Keyboard shortcuts (the ? dialog lists them): j/k move through the items of a list, t, r
  // and h take over, reply and hand back (elements marked data-key), q opens the queue.
  // Typing in a field is never a shortcut; Ctrl+Enter there sends its form, Escape leaves it.
  function typing(target) {
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function step(by) {
    var links = Array.prototype.slice.call(document.querySelectorAll(".items .title"));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = at < 0 ? (by > 0 ? 0 : links.length - 1) : (at + by + links.length) % links.length;
    links[next].focus();
    links[next].scrollIntoView({ block: "nearest" });
  }

  function shortcuts() {
    var help = document.getElementById("keys");
    document.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.form) {
        event.preventDefault();
        event.target.form.requestSubmit();
        return;
      }
      if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      if (help && help.open) return;  // the dialog closes with Escape, as dialogs do
      var key = event.key;
      if (key === "j" || key === "k") { step(key === "j" ? 1 : -1); event.preventDefault(); return; }
      if (key === "q" && location.pathname !== "/console/queue") { location.href = "/console/queue"; return; }
      var target = document.querySelector('[data-key="' + CSS.escape(key) + '"]');
      if (!target) return;
      event.preventDefault();
      if (target.tagName === "TEXTAREA") target.focus(); else target.click();
    });
    document.querySelectorAll('[data-key="?"]').forEach(function (button) {
      button.addEventListener("click", function () { if (help) help.showModal(); });
    });
  }

  tick();
  setInterval(tick, 1000);
  scrollTranscripts(document);
  listen();
  drafts();
  canned();
  shortcuts();
})();
