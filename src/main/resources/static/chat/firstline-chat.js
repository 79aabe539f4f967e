/*
 * Firstline web-chat widget. Embed with one tag:
 *   <script src="https://firstline.example.com/chat/firstline-chat.js" data-account="demo" async></script>
 * Optional: data-title (panel title), data-name (the visitor's name, shown to agents), data-open="true".
 * Plain JavaScript, no dependencies, no build step. See channels/webchat/README.md.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.FirstlineChat) { return; }
  var account = script.getAttribute('data-account');
  if (!account) { console.error('firstline-chat: data-account is required'); return; }
  var base = new URL(script.src, location.href);
  var httpBase = base.origin;
  var wsBase = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host;
  var title = script.getAttribute('data-title') || 'Chat with us';
  var visitorName = script.getAttribute('data-name') || '';
  var storeKey = 'firstline-chat:' + httpBase + ':' + account;
  var MAX_HISTORY = 200;

  // --- state, persisted in localStorage so a reload continues the conversation ---
  var state = load();
  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(storeKey) || 'null');
      if (s && typeof s === 'object') { s.pending = s.pending || []; s.history = s.history || []; return s; }
    } catch (e) { /* unreadable: start afresh */ }
    return { token: null, visitorId: null, expiresAt: null, epoch: null, lastSeq: 0, pending: [], history: [] };
  }
  function save() {
    try { localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* storage full or denied */ }
  }

  // --- UI ---
  // A stylesheet file, not an inline <style>: pages with a Content-Security-Policy allow it by origin.
  var sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = httpBase + '/chat/firstline-chat.css';
  document.head.appendChild(sheet);
  var root = document.createElement('div');
  root.className = 'flc-root';
  root.innerHTML = '<div class="flc-panel" role="dialog"><div class="flc-head"><span class="flc-title"></span><span class="flc-status"></span></div>' +
    '<div class="flc-log" aria-live="polite"></div>' +
    '<form class="flc-form"><textarea class="flc-input" rows="2" maxlength="10000" placeholder="Type your message"></textarea>' +
    '<button class="flc-send" type="submit">Send</button></form></div>' +
    '<button class="flc-btn" type="button"></button>';
  var panelTitle = root.querySelector('.flc-title');
  var statusEl = root.querySelector('.flc-status');
  var log = root.querySelector('.flc-log');
  var form = root.querySelector('.flc-form');
  var input = root.querySelector('.flc-input');
  var button = root.querySelector('.flc-btn');
  panelTitle.textContent = title;
  button.textContent = title;
  var shown = {}; // message key -> element; a message is never shown twice

  function keyOf(entry) { return entry.from === 'visitor' ? 'v:' + entry.clientId : 'a:' + entry.id; }
  function show(entry, status) {
    var key = keyOf(entry);
    var el = shown[key];
    if (!el) {
      el = document.createElement('div');
      el.className = 'flc-msg ' + (entry.from === 'visitor' ? 'flc-visitor' : 'flc-agent');
      if (entry.from === 'agent' && entry.agentName) {
        var who = document.createElement('span');
        who.className = 'flc-who';
        who.textContent = entry.agentName;
        el.appendChild(who);
      }
      el.appendChild(document.createTextNode(entry.text));
      log.appendChild(el);
      shown[key] = el;
      log.scrollTop = log.scrollHeight;
    }
    el.classList.toggle('flc-pending', status === 'pending');
    el.classList.toggle('flc-failed', status === 'failed');
  }
  function remember(entry) {
    var key = keyOf(entry);
    for (var i = 0; i < state.history.length; i++) { if (keyOf(state.history[i]) === key) { return; } }
    state.history.push(entry);
    if (state.history.length > MAX_HISTORY) { state.history.splice(0, state.history.length - MAX_HISTORY); }
  }
  state.history.forEach(function (entry) { show(entry, 'sent'); });
  state.pending.forEach(function (p) { show({ from: 'visitor', clientId: p.clientId, text: p.text }, 'pending'); });

  function setStatus(text) { statusEl.textContent = text; }
  function toggle(open) {
    root.classList.toggle('flc-open', open);
    if (open) { input.focus(); connect(); }
  }
  button.addEventListener('click', function () { toggle(!root.classList.contains('flc-open')); });

  // --- session: a visitor token, renewed (same visitor) when it is about to expire ---
  function session(force) {
    var fresh = state.token && state.expiresAt && Date.parse(state.expiresAt) - Date.now() > 60000;
    if (fresh && !force) { return Promise.resolve(state.token); }
    return fetch(httpBase + '/api/v1/chat/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ account: account, previousToken: state.token })
    }).then(function (response) {
      if (!response.ok) { throw new Error('chat session refused: HTTP ' + response.status); }
      return response.json();
    }).then(function (body) {
      if (body.visitorId !== state.visitorId) { // a new visitor: nothing of the old conversation applies
        state.epoch = null; state.lastSeq = 0;
      }
      state.token = body.token; state.visitorId = body.visitorId; state.expiresAt = body.expiresAt;
      save();
      return state.token;
    });
  }

  // --- the socket: resume after the last seq seen, resend what was not acknowledged ---
  var ws = null, connecting = false, attempts = 0, retryTimer = null, resendTimer = null, renew = false;
  function connect() {
    if (ws || connecting) { return; }
    connecting = true;
    setStatus('connecting…');
    session(renew).then(function (token) {
      renew = false;
      var url = wsBase + '/ws/chat?token=' + encodeURIComponent(token);
      if (state.epoch) { url += '&epoch=' + encodeURIComponent(state.epoch) + '&resumeAfter=' + state.lastSeq; }
      var socket = new WebSocket(url);
      var greeted = false;
      ws = socket;
      connecting = false;
      socket.onmessage = function (event) {
        var frame;
        try { frame = JSON.parse(event.data); } catch (e) { return; }
        if (frame.type === 'hello') { greeted = true; attempts = 0; hello(frame); } else { receive(frame); }
      };
      socket.onclose = function () {
        ws = null;
        if (!greeted) { renew = true; } // refused handshake (e.g. expired token): get a fresh token next time
        setStatus('offline');
        retry();
      };
    }).catch(function () { connecting = false; setStatus('offline'); retry(); });
  }
  function retry() {
    if (retryTimer) { return; }
    var delay = Math.min(30000, 1000 * Math.pow(2, attempts++)) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(function () { retryTimer = null; connect(); }, delay);
  }
  function hello(frame) {
    if (frame.epoch !== state.epoch) { state.epoch = frame.epoch; state.lastSeq = 0; }
    state.lastSeq = Math.max(state.lastSeq, frame.seq);
    save();
    setStatus('online');
    resendPending();
  }
  function receive(frame) {
    if (typeof frame.seq === 'number') { state.lastSeq = Math.max(state.lastSeq, frame.seq); }
    if (frame.type === 'ack') {
      dropPending(frame.clientId);
      var mine = { from: 'visitor', clientId: frame.clientId, text: frame.text };
      show(mine, 'sent');
      remember(mine);
    } else if (frame.type === 'message') {
      var reply = { from: frame.from || 'agent', id: frame.id, text: frame.text, agentName: frame.agentName };
      show(reply, 'sent');
      remember(reply);
    } else if (frame.type === 'error' && frame.clientId) {
      if (frame.code === 'unavailable') { // not stored yet: resend the same message later
        clearTimeout(resendTimer);
        resendTimer = setTimeout(resendPending, 1000 * (frame.retryAfterSeconds || 2));
      } else {
        var refused = findPending(frame.clientId);
        dropPending(frame.clientId);
        if (refused) { show({ from: 'visitor', clientId: frame.clientId, text: refused.text }, 'failed'); }
      }
    }
    save();
  }
  function findPending(clientId) {
    for (var i = 0; i < state.pending.length; i++) { if (state.pending[i].clientId === clientId) { return state.pending[i]; } }
    return null;
  }
  function dropPending(clientId) {
    state.pending = state.pending.filter(function (p) { return p.clientId !== clientId; });
  }
  function transmit(p) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      var frame = { type: 'message', clientId: p.clientId, text: p.text };
      if (visitorName) { frame.name = visitorName; }
      ws.send(JSON.stringify(frame));
    }
  }
  function resendPending() { state.pending.forEach(transmit); }
  function newClientId() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return 'm-' + Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    var p = { clientId: newClientId(), text: text };
    state.pending.push(p);
    save();
    show({ from: 'visitor', clientId: p.clientId, text: text }, 'pending');
    transmit(p);
    connect();
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit')); }
  });

  function mount() {
    document.body.appendChild(root);
    // A visitor who chatted before (or has unsent messages) is reconnected at once, so replies arrive.
    if (script.getAttribute('data-open') === 'true') { toggle(true); } else if (state.token) { connect(); }
  }
  if (document.body) { mount(); } else { document.addEventListener('DOMContentLoaded', mount); }
  window.FirstlineChat = { open: function () { toggle(true); }, close: function () { toggle(false); } };
})();
