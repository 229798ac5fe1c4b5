/*
 * Switchboard agent console (docs/agent-protocol.md). Vanilla JS, no build step.
 * Everything user-supplied is rendered with textContent: never innerHTML.
 *
 * State kept per conversation: events by seq (so a replay never doubles anything), the highest seq seen
 * (sent as hello.lastSeqs after a reconnect) and an outbox of unacknowledged messages and notes keyed by
 * clientId (resent with the same clientId after a reconnect; the server answers duplicates with the
 * original seq).
 *
 * Sign-in, the token and its renewal are ../shared/staff-session.js, shared with the admin pages.
 */
(function () {
  'use strict';

  const OUTBOX_KEY = 'switchboard.console.outbox';
  const $ = (id) => document.getElementById(id);
  const safeJson = SwitchboardStaff.safeJson;

  const session = SwitchboardStaff.createSession({
    storagePrefix: 'switchboard.console',
    onSignedIn: (json, previousAccount) => {
      trackExpiry(json);
      const previous = previousAccount && previousAccount.id;
      if (previous && session.account && previous !== session.account.id) resetConversations();
      start();
    },
    onRenewed: (json) => {
      trackExpiry(json);
      // A socket still connecting sends reauth when it opens (see connect).
      request({ type: 'reauth', token: json.token });
    },
    onSignedOut: () => {
      disconnect();
      $('login-user').focus();
    }
  });
  const api = session.api;

  const state = {
    ws: null,
    ready: false,
    attempt: 0,
    reconnectTimer: null,
    holdUntil: 0,
    agent: null,
    available: false,
    queue: [],
    offers: new Map(),        // handoffId -> {handoff, packet, expiresAt, receivedAt}
    convs: new Map(),         // conversationId -> conversation state
    order: [],                // tab order of conversation ids
    active: null,
    nextId: 1,
    queues: [],
    typingTimer: null,
    typingSent: false,
    cannedTimer: null,
    restored: safeJson(sessionStorage.getItem(OUTBOX_KEY)) || []   // unacknowledged writes kept across reloads
  };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function newClientId(prefix) {
    const random = (window.crypto && crypto.getRandomValues)
      ? Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')
      : Math.random().toString(16).slice(2);
    return prefix + '-' + Date.now().toString(36) + '-' + random;
  }

  function fmtTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function fmtWait(seconds) {
    seconds = Math.max(0, Math.round(seconds || 0));
    if (seconds < 60) return seconds + 's';
    const m = Math.floor(seconds / 60);
    if (m < 60) return m + 'm ' + (seconds % 60) + 's';
    return Math.floor(m / 60) + 'h ' + (m % 60) + 'm';
  }

  function toast(text, kind) {
    const t = $('toast');
    t.textContent = text;
    t.dataset.kind = kind || 'info';
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  // ---------------------------------------------------------------- session

  $('logout').addEventListener('click', () => {
    resetConversations();
    session.signOut();
  });

  /** Until a welcome or a reauth says better, the expiry is estimated on this browser's clock. */
  function trackExpiry(json) {
    if (json.expiresIn > 0) state.tokenExpiresAt = new Date(Date.now() + json.expiresIn * 1000).toISOString();
  }

  function resetConversations() {
    state.convs.clear();
    state.order = [];
    state.offers.clear();
    state.active = null;
    state.queue = [];
    state.restored = [];
    sessionStorage.removeItem(OUTBOX_KEY);
  }

  function start() {
    $('login').hidden = true;
    $('app').hidden = false;
    connect();
    loadQueues();
    render();
  }

  // ---------------------------------------------------------------- socket

  function setConn(kind, text) {
    $('conn').dataset.state = kind;
    $('conn-text').textContent = text;
  }

  function connect() {
    clearTimeout(state.reconnectTimer);
    state.reconnectTimer = null;
    if (!session.token) return;
    if (state.ws) return;
    setConn('connecting', state.attempt ? 'Reconnecting…' : 'Connecting…');
    const ws = session.openAgentSocket();
    if (!ws) {
      scheduleReconnect();
      return;
    }
    state.ws = ws;
    state.ready = false;
    ws.onopen = () => {
      const lastSeqs = {};
      state.convs.forEach((c, id) => { if (c.lastSeq > 0 && !c.gone) lastSeqs[id] = c.lastSeq; });
      state.convs.forEach((c) => { c.synced = false; });
      ws.send(JSON.stringify({ type: 'hello', lastSeqs }));
      // Renewed while the socket was connecting: it was opened with the old token.
      if (ws.token !== session.token) request({ type: 'reauth', token: session.token });
    };
    ws.onmessage = (msg) => {
      if (state.ws !== ws) return;
      const frame = safeJson(msg.data);
      if (frame) onFrame(frame);
    };
    ws.onclose = (ev) => {
      if (state.ws !== ws) return;
      const greeted = ws.greeted;
      state.ws = null;
      state.ready = false;
      setConn('offline', 'Offline — reconnecting');
      render();
      if (ev.code === 1008 && state.tokenExpired) {
        state.tokenExpired = false;
        session.showLogin('Your session expired: sign in again to resume your chats.');
        return;
      }
      if (state.tokenExpiresAt && Date.parse(state.tokenExpiresAt) < Date.now()) {
        session.showLogin('Your session expired: sign in again to resume your chats.');
        return;
      }
      if (!greeted) {
        // Refused before the upgrade (401/403 are invisible to WebSocket): ask REST, which shows the login on 401.
        api('GET', '/api/me').catch(() => { /* offline or signed out */ });
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (!session.token || state.reconnectTimer) return;
    const base = Math.min(10000, 400 * Math.pow(2, state.attempt));
    state.attempt++;
    const delay = Math.max(base / 2 + Math.random() * base / 2, state.holdUntil - Date.now());
    state.reconnectTimer = setTimeout(() => { state.reconnectTimer = null; connect(); }, delay);
  }

  function disconnect() {
    clearTimeout(state.reconnectTimer);
    state.reconnectTimer = null;
    const ws = state.ws;
    state.ws = null;
    state.ready = false;
    if (ws) try { ws.close(1000, 'bye'); } catch (e) { /* closed */ }
  }

  function send(frame) {
    if (!state.ws || state.ws.readyState !== WebSocket.OPEN) return false;
    state.ws.send(JSON.stringify(frame));
    return true;
  }

  function request(frame) {
    frame.id = state.nextId++;
    return send(frame) ? frame.id : null;
  }

  // ---------------------------------------------------------------- frames

  function onFrame(f) {
    switch (f.type) {
      case 'welcome': return onWelcome(f);
      case 'event': return onEvent(f.event);
      case 'synced': {
        const c = state.convs.get(f.conversationId);
        if (c) {
          c.synced = true;
          if (!c.suggested) { c.suggested = true; send({ type: 'suggest', conversationId: c.id }); }
        }
        return render();
      }
      case 'ack': return onAck(f);
      case 'queue': state.queue = f.queue || []; return renderQueue();
      case 'offer': return onOffer(f);
      case 'offer_revoked':
        state.offers.delete(f.handoffId);
        if (f.available === false) state.available = false;
        toast('An offer expired: you were set away.', 'warn');
        return render();
      case 'assigned': return onAssigned(f.handoff, f.packet);
      case 'unassigned': {
        const c = state.convs.get(f.conversationId);
        if (c) {
          c.gone = true;
          removeConversation(c.id);
          toast('A chat left you (' + (f.reason || 'transferred') + ').', 'info');
        }
        return render();
      }
      case 'typing': {
        const c = state.convs.get(f.conversationId);
        if (c) {
          c.typing = f.state ? (f.author && (f.author.name || f.author.kind)) || 'Visitor' : null;
          clearTimeout(c.typingTimer);
          if (f.state) c.typingTimer = setTimeout(() => { c.typing = null; renderTyping(); }, 6000);
          renderTyping();
        }
        return;
      }
      case 'frustration': {
        const c = state.convs.get(f.conversationId);
        if (c) { applyFrustration(c, f.seq, f.frustration); if (c.id === state.active) renderGauge(c); renderTabs(); }
        return;
      }
      case 'suggestions': return onSuggestions(f);
      case 'done': return onDone(f);
      case 'error': return onError(f);
      default: return;
    }
  }

  function onWelcome(f) {
    if (state.ws) state.ws.greeted = true;
    state.ready = true;
    state.attempt = 0;
    state.agent = f.agent;
    state.available = !!f.available;
    state.queue = f.queue || [];
    state.tokenExpiresAt = f.tokenExpiresAt;
    setConn('online', 'Connected');
    const seenOffers = new Set();
    (f.owned || []).forEach((o) => {
      const h = o.handoff || {};
      if (h.state === 'offered') {
        seenOffers.add(h.id);
        if (!state.offers.has(h.id)) state.offers.set(h.id, { handoff: h, packet: o.packet || {}, expiresAt: h.offerExpiresAt, receivedAt: Date.now() });
      } else {
        ensureConversation(h, o.packet, h.state);
      }
    });
    state.offers.forEach((_, id) => { if (!seenOffers.has(id)) state.offers.delete(id); });
    // Chats that are no longer ours (transferred or finished elsewhere) are dropped.
    const owned = new Set((f.owned || []).map((o) => o.handoff && o.handoff.conversationId));
    state.convs.forEach((c, id) => { if (!owned.has(id)) removeConversation(id); });
    // Writes restored after a reload go back to their chats (dropped if the chat is no longer ours).
    state.restored.forEach((item) => {
      const c = state.convs.get(item.frame && item.frame.conversationId);
      if (c && !c.outbox.has(item.frame.clientId)) c.outbox.set(item.frame.clientId, Object.assign({ sent: false }, item));
    });
    state.restored = [];
    persistOutbox();
    // Resend what was never acknowledged, with the same clientId.
    state.convs.forEach((c) => c.outbox.forEach((item) => { item.sent = send(item.frame); }));
    render();
  }

  function ensureConversation(handoff, packet, status) {
    const id = handoff.conversationId;
    let c = state.convs.get(id);
    if (!c) {
      c = {
        id, handoff, packet: packet || {}, events: new Map(), lastSeq: 0, synced: false,
        outbox: new Map(), frustration: null, frustrationSeq: -1, typing: null, unread: 0,
        status: status || 'assigned', draft: '', note: false, suggestions: null
      };
      state.convs.set(id, c);
      state.order.push(id);
      initFrustration(c, packet);
      if (!state.active) state.active = id;
    } else {
      c.handoff = handoff;
      if (packet) {
        c.packet = packet;
        if (c.frustrationSeq < 0) initFrustration(c, packet);
      }
      if (status) c.status = status === 'wrap_up' ? 'wrap_up' : c.status;
    }
    return c;
  }

  function initFrustration(c, packet) {
    const fr = (packet && packet.frustration) || {};
    const timeline = fr.timeline || [];
    const last = timeline[timeline.length - 1];
    c.frustration = {
      level: fr.current || 0, peak: fr.peak || 0, trend: fr.trend || 0,
      cls: classOf(fr.current || 0), reasons: (last && last.reasons) || []
    };
  }

  function removeConversation(id) {
    state.convs.delete(id);
    state.order = state.order.filter((x) => x !== id);
    if (state.active === id) state.active = state.order[0] || null;
  }

  function onOffer(f) {
    const h = f.handoff || {};
    state.offers.set(h.id, { handoff: h, packet: f.packet || {}, expiresAt: f.expiresAt, receivedAt: Date.now() });
    notifyOffer(f.packet || {});
    render();
  }

  function onAssigned(handoff, packet) {
    if (!handoff) return;
    state.offers.delete(handoff.id);
    const c = ensureConversation(handoff, packet, 'assigned');
    c.status = 'assigned';
    if (!state.active) state.active = c.id;
    render();
  }

  function onEvent(ev) {
    if (!ev) return;
    const c = state.convs.get(ev.conversationId);
    if (!c) return;
    if (c.events.has(ev.seq)) return;          // a replayed duplicate
    c.events.set(ev.seq, ev);
    if (ev.seq > c.lastSeq) c.lastSeq = ev.seq;
    if (ev.clientId && ev.author && ev.author.kind === 'agent' && state.agent && ev.author.id === state.agent.id) {
      if (c.outbox.delete(ev.clientId)) persistOutbox();
    }
    const data = ev.data || {};
    if (ev.kind === 'message' && ev.author && ev.author.kind === 'visitor') {
      if (data.frustration) applyFrustration(c, ev.seq, data.frustration);
      if (c.id !== state.active) c.unread++;
      c.typing = null;
      if (c.synced) scheduleSuggest(c);
    }
    if (ev.kind === 'status' && data.status === 'closed') c.status = 'wrap_up';
    scheduleRender();
  }

  function onAck(f) {
    const c = state.convs.get(f.conversationId);
    if (!c) return;
    const item = c.outbox.get(f.clientId);
    if (item) { item.ackSeq = f.seq; c.outbox.delete(f.clientId); persistOutbox(); }
    scheduleRender();
  }

  function onDone(f) {
    if (f.action === 'reauth') { state.tokenExpiresAt = f.tokenExpiresAt; return; }
    if (f.action === 'availability') { state.available = !!f.available; return render(); }
    if (f.action === 'accept' || f.action === 'pick') {
      const offer = f.handoff && state.offers.get(f.handoff.id);
      onAssigned(f.handoff, offer ? offer.packet : null);
      return;
    }
    if (f.action === 'decline') { state.offers.delete(f.handoffId); return render(); }
    if (f.action === 'close') {
      const c = state.convs.get(f.conversationId);
      if (c) c.status = 'wrap_up';
      toast('Chat closed (' + f.resolution + '). Add notes, then finish the wrap-up.', 'ok');
      return render();
    }
    if (f.action === 'finish') {
      state.convs.forEach((c, id) => { if (c.status === 'wrap_up') removeConversation(id); });
      return render();
    }
    if (f.action === 'transfer') {
      removeConversation(f.conversationId);
      toast('Transferred to ' + String(f.to || '').replace(/^(queue|agent):/, ''), 'ok');
      return render();
    }
  }

  function onError(f) {
    if (f.code === 'token_expired') { state.tokenExpired = true; return; }
    if (f.code === 'rate_limited' && f.clientId) {
      setTimeout(() => resendOutbox(), f.retryAfterMs || 500);
      return;
    }
    if (f.clientId) {
      state.convs.forEach((c) => {
        const item = c.outbox.get(f.clientId);
        if (item && f.code !== 'store_failed') { item.failed = f.message; c.outbox.delete(f.clientId); c.failed = item; persistOutbox(); }
      });
      if (f.code === 'store_failed') setTimeout(resendOutbox, 1000);
    }
    if (f.action === 'accept' || f.action === 'decline') {
      state.offers.forEach((o, id) => { if (f.code === 'offer_gone') state.offers.delete(id); });
    }
    if (f.code !== 'resume_ahead') toast(f.message || f.code, 'error');
    render();
  }

  /** Unacknowledged messages survive a reload of the tab (same clientId, so a resend is never doubled). */
  function persistOutbox() {
    const items = [];
    state.convs.forEach((c) => c.outbox.forEach((item) => items.push({ frame: item.frame, text: item.text, kind: item.kind, at: item.at })));
    state.restored.forEach((item) => items.push(item));
    try {
      if (items.length) sessionStorage.setItem(OUTBOX_KEY, JSON.stringify(items)); else sessionStorage.removeItem(OUTBOX_KEY);
    } catch (e) { /* storage full or unavailable */ }
  }

  function resendOutbox() {
    state.convs.forEach((c) => c.outbox.forEach((item) => { item.sent = send(item.frame); }));
  }

  // ---------------------------------------------------------------- frustration

  function classOf(level) {
    if (level >= 0.75) return 'angry';
    if (level >= 0.55) return 'frustrated';
    if (level >= 0.35) return 'annoyed';
    return 'calm';
  }

  function applyFrustration(c, seq, fr) {
    if (!fr || seq < c.frustrationSeq) return;
    c.frustrationSeq = seq;
    const mood = fr.conversation || {};
    const level = typeof mood.level === 'number' ? mood.level : (fr.score || 0);
    c.frustration = {
      level, peak: mood.peak || level, trend: mood.trend || 0,
      cls: mood.class || classOf(level), reasons: fr.reasons || [], score: fr.score
    };
  }

  // ---------------------------------------------------------------- notifications

  function notifyOffer(packet) {
    try {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (Ctx) {
        const ctx = notifyOffer.ctx || (notifyOffer.ctx = new Ctx());
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, ctx.currentTime);
        gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.4);
        osc.connect(gain).connect(ctx.destination);
        osc.start();
        osc.stop(ctx.currentTime + 0.45);
      }
    } catch (e) { /* no sound available */ }
    try {
      if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
        new Notification('New chat offer', { body: String(packet.summary || packet.reason || 'A visitor asks for a person'), tag: 'switchboard-offer' });
      }
    } catch (e) { /* notifications unavailable */ }
  }

  function askNotificationPermission() {
    try {
      if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission();
    } catch (e) { /* unavailable */ }
  }

  // ---------------------------------------------------------------- commands

  $('available').addEventListener('change', (e) => {
    askNotificationPermission();
    if (!request({ type: 'availability', available: e.target.checked })) {
      e.target.checked = state.available;
      toast('Offline: try again when connected', 'warn');
    }
  });

  $('composer').addEventListener('submit', (e) => { e.preventDefault(); sendComposer(); });
  $('input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendComposer(); }
  });
  $('input').addEventListener('input', () => {
    const c = current();
    if (!c) return;
    c.draft = $('input').value;
    if (c.status !== 'assigned' || $('note-mode').checked) return;
    if (!state.typingSent && c.draft) { state.typingSent = true; send({ type: 'typing', conversationId: c.id, state: true }); }
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => stopTyping(c), 2500);
  });
  $('note-mode').addEventListener('change', () => {
    const c = current();
    if (c) c.note = $('note-mode').checked;
    renderComposer(c);
  });

  function stopTyping(c) {
    clearTimeout(state.typingTimer);
    if (state.typingSent && c) send({ type: 'typing', conversationId: c.id, state: false });
    state.typingSent = false;
  }

  function sendComposer() {
    const c = current();
    if (!c) return;
    const text = $('input').value.trim();
    if (!text) return;
    const note = $('note-mode').checked || c.status !== 'assigned';
    const clientId = newClientId(note ? 'n' : 'm');
    const frame = { type: note ? 'note' : 'message', clientId, conversationId: c.id, text };
    const item = { frame, text, kind: note ? 'note' : 'message', at: new Date().toISOString(), sent: false };
    c.outbox.set(clientId, item);
    persistOutbox();
    item.sent = send(frame);
    stopTyping(c);
    $('input').value = '';
    c.draft = '';
    render();
  }

  $('close-chat').addEventListener('click', () => {
    const c = current();
    if (c) request({ type: 'close', conversationId: c.id, resolution: $('resolution').value });
  });
  $('finish').addEventListener('click', () => request({ type: 'finish' }));
  $('transfer').addEventListener('click', () => {
    const c = current();
    const target = $('transfer-target').value;
    if (!c || !target) return;
    const frame = { type: 'transfer', conversationId: c.id };
    if (target.startsWith('agent:')) frame.toAgentId = target.slice(6); else frame.toQueue = target.slice(6);
    const note = $('transfer-note').value.trim();
    if (note) frame.note = note.slice(0, 1000);
    $('transfer-note').value = '';
    $('transfer-box').open = false;
    request(frame);
  });
  // Who is available changes all the time: list the targets as they are when the box is opened.
  $('transfer-box').addEventListener('toggle', () => { if ($('transfer-box').open) loadQueues(); });

  $('kb-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const c = current();
    if (!c) return;
    const q = $('kb-query').value.trim();
    const frame = { type: 'suggest', conversationId: c.id };
    if (q) frame.query = q;
    send(frame);
  });

  function scheduleSuggest(c) {
    clearTimeout(c.suggestTimer);
    c.suggestTimer = setTimeout(() => send({ type: 'suggest', conversationId: c.id }), 600);
  }

  function onSuggestions(f) {
    const c = state.convs.get(f.conversationId);
    if (!c) return;
    c.suggestions = f;
    if (c.id === state.active) renderSuggestions(c);
  }

  $('canned-query').addEventListener('input', () => {
    clearTimeout(state.cannedTimer);
    state.cannedTimer = setTimeout(loadCanned, 250);
  });

  async function loadCanned() {
    const list = $('canned');
    try {
      const q = $('canned-query').value.trim();
      const items = await api('GET', '/api/canned' + (q ? '?q=' + encodeURIComponent(q) : ''));
      clear(list);
      if (!items.length) list.appendChild(el('li', 'empty', 'No canned responses match.'));
      items.slice(0, 30).forEach((item) => {
        const li = el('li', 'canned-item');
        const b = el('button', 'canned-btn');
        b.type = 'button';
        b.appendChild(el('span', 'shortcut', '/' + item.shortcut));
        b.appendChild(el('span', 'scope', item.scope));
        b.appendChild(el('span', 'canned-text', item.text));
        b.addEventListener('click', () => useCanned(item));
        li.appendChild(b);
        list.appendChild(li);
      });
    } catch (e) {
      clear(list);
      list.appendChild(el('li', 'empty', 'Canned responses unavailable: ' + e.message));
    }
  }

  async function useCanned(item) {
    const c = current();
    if (!c) { toast('Open a chat first', 'warn'); return; }
    try {
      const rendered = await api('POST', '/api/canned/' + encodeURIComponent(item.id) + '/render', { conversationId: c.id });
      insertText(rendered.text);
      if (rendered.missing && rendered.missing.length) toast('No value for: ' + rendered.missing.join(', '), 'warn');
    } catch (e) {
      toast('Cannot render: ' + e.message, 'error');
    }
  }

  function insertText(text) {
    const input = $('input');
    input.value = input.value ? input.value.replace(/\s*$/, ' ') + text : text;
    const c = current();
    if (c) c.draft = input.value;
    input.focus();
  }

  async function loadQueues() {
    try { state.queues = await api('GET', '/api/queues') || []; } catch (e) { state.queues = []; }
    try { state.colleagues = await api('GET', '/api/agents/colleagues') || []; } catch (e) { state.colleagues = []; }
    renderTransferTargets();
  }

  // ---------------------------------------------------------------- rendering

  function current() {
    return state.active ? state.convs.get(state.active) : null;
  }

  let renderPending = false;
  function scheduleRender() {
    if (renderPending) return;
    renderPending = true;
    setTimeout(() => { renderPending = false; render(); }, 0);
  }

  function render() {
    $('available').checked = state.available;
    $('available-text').textContent = state.available ? 'Available' : 'Away';
    $('available').closest('.switch').dataset.on = String(state.available);
    $('me').textContent = state.agent ? state.agent.name : (session.account ? session.account.displayName || '' : '');
    renderOffers();
    renderQueue();
    renderTabs();
    renderChat();
  }

  const offerCards = new Map();   // handoffId -> card element, kept while the offer lives (no re-render under the pointer)

  function offerWaited(offer) {
    const p = offer.packet || {};
    return (p.waitedSeconds || offer.handoff.waitedSeconds || 0) + (Date.now() - offer.receivedAt) / 1000;
  }

  function renderOffers() {
    const box = $('offers');
    $('offer-count').textContent = String(state.offers.size);
    offerCards.forEach((card, id) => { if (!state.offers.has(id)) { card.remove(); offerCards.delete(id); } });
    let empty = box.querySelector(':scope > .empty');
    if (!state.offers.size) {
      if (!empty) box.appendChild(el('p', 'empty', 'No offers right now.'));
      return;
    }
    if (empty) empty.remove();
    state.offers.forEach((offer, id) => {
      let card = offerCards.get(id);
      if (!card) {
        card = offerCard(offer, id);
        offerCards.set(id, card);
        box.appendChild(card);
      }
      card.querySelector('.wait').textContent = 'waiting ' + fmtWait(offerWaited(offer));
      if (offer.expiresAt) {
        const left = Math.max(0, Math.round((Date.parse(offer.expiresAt) - Date.now()) / 1000));
        card.querySelector('.expires').textContent = isNaN(left) ? '' : left + 's to accept';
      }
    });
  }

  function offerCard(offer, id) {
    const p = offer.packet || {};
    const card = el('article', 'offer');
    card.dataset.handoffId = id;
    const head = el('div', 'offer-head');
    head.appendChild(el('span', 'pill reason', p.reason || offer.handoff.reason || 'request'));
    head.appendChild(el('span', 'pill lang', (p.language || offer.handoff.language || '?').toUpperCase()));
    head.appendChild(el('span', 'wait', ''));
    card.appendChild(head);
    card.appendChild(el('p', 'summary', p.summary || '(no message)'));
    const fr = p.frustration || {};
    const frLine = el('div', 'offer-fr');
    frLine.appendChild(el('span', 'fr-chip ' + classOf(fr.current || 0), classOf(fr.current || 0) + ' ' + Number(fr.current || 0).toFixed(2)));
    const spark = el('span', 'spark');
    (fr.timeline || []).slice(-12).forEach((point) => {
      const bar = el('i', classOf(point.score || 0));
      bar.style.height = Math.max(8, Math.round((point.score || 0) * 100)) + '%';
      bar.title = 'seq ' + point.seq + ': ' + point.level + ' ' + point.score;
      spark.appendChild(bar);
    });
    frLine.appendChild(spark);
    card.appendChild(frLine);
    const details = el('details', 'packet');
    details.appendChild(el('summary', null, 'Hand-off packet'));
    details.appendChild(packetFacts(p));
    const transcript = el('ol', 'mini-transcript');
    (p.transcript || []).forEach((line) => {
      const li = el('li', 'from-' + ((line.author && line.author.kind) || 'system'));
      li.appendChild(el('b', null, ((line.author && (line.author.name || line.author.kind)) || '') + ': '));
      li.appendChild(document.createTextNode(line.text || ''));
      transcript.appendChild(li);
    });
    details.appendChild(transcript);
    card.appendChild(details);
    const actions = el('div', 'offer-actions');
    const accept = el('button', 'primary accept', 'Accept');
    accept.type = 'button';
    accept.addEventListener('click', () => request({ type: 'accept', handoffId: id }));
    const decline = el('button', 'ghost decline', 'Decline');
    decline.type = 'button';
    decline.addEventListener('click', () => request({ type: 'decline', handoffId: id }));
    actions.appendChild(accept);
    actions.appendChild(decline);
    actions.appendChild(el('span', 'expires', ''));
    card.appendChild(actions);
    return card;
  }

  /** Name, e-mail and customer id come from the website's page: nobody verified them. */
  function identityNote(v) {
    return v.identity && v.identity.verified === false ? 'provided by the website, not verified' : null;
  }

  function packetFacts(p) {
    const dl = el('dl', 'facts');
    const add = (k, v) => { if (v !== undefined && v !== null && v !== '') { dl.appendChild(el('dt', null, k)); dl.appendChild(el('dd', null, v)); } };
    const v = p.visitor || {};
    const bot = p.bot || {};
    add('Reason', p.reason);
    add('Language', p.language);
    add('Waited', fmtWait(p.waitedSeconds));
    add('Visitor', v.name || v.email || v.id);
    add('Identity', identityNote(v));
    add('Page', v.page);
    add('Returning', v.returning ? String(v.returning.previousConversations || 0) + ' earlier chats' : null);
    add('Bot', (bot.answers || []).length + ' answers, ' + (bot.fallbacks || 0) + ' fallbacks, articles ' + ((bot.articlesOffered || []).join(', ') || 'none'));
    if (p.lastTransfer) add('Transfer note', p.lastTransfer.note || '(none)');
    return dl;
  }

  const queueRows = new Map();   // handoffId -> li, updated in place so a Pick button never vanishes under the pointer

  function renderQueue() {
    const list = $('queue');
    const waiting = state.queue || [];
    $('queue-count').textContent = String(waiting.length);
    const ids = new Set(waiting.map((item) => item.id));
    queueRows.forEach((li, id) => { if (!ids.has(id)) { li.remove(); queueRows.delete(id); } });
    const empty = list.querySelector(':scope > .empty');
    if (!waiting.length) {
      if (!empty) list.appendChild(el('li', 'empty', 'The queue is empty.'));
      return;
    }
    if (empty) empty.remove();
    waiting.forEach((item) => {
      let li = queueRows.get(item.id);
      if (!li) {
        li = el('li', 'queue-item');
        li.dataset.handoffId = item.id;
        const top = el('div', 'q-top');
        top.appendChild(el('span', 'q-queue'));
        top.appendChild(el('span', 'pill lang'));
        top.appendChild(el('span', 'fr-dot'));
        top.appendChild(el('span', 'wait'));
        li.appendChild(top);
        li.appendChild(el('div', 'q-summary'));
        const bottom = el('div', 'q-bottom');
        bottom.appendChild(el('span', 'q-state'));
        const pick = el('button', 'ghost small pick', 'Pick');
        pick.type = 'button';
        pick.addEventListener('click', () => request({ type: 'pick', handoffId: item.id }));
        bottom.appendChild(pick);
        li.appendChild(bottom);
        queueRows.set(item.id, li);
      }
      li.className = 'queue-item state-' + item.state;
      li.querySelector('.q-queue').textContent = item.queue || '';
      li.querySelector('.lang').textContent = (item.language || '?').toUpperCase();
      li.querySelector('.fr-dot').className = 'fr-dot ' + classOf(item.frustration || 0);
      li.querySelector('.wait').textContent = fmtWait(item.waitedSeconds);
      li.querySelector('.q-summary').textContent = item.summary || item.reason || '';
      li.querySelector('.q-state').textContent = item.state === 'offered' ? 'offered' : ('#' + (item.position || '?') + ' in queue'
        + (item.etaSeconds >= 0 ? ' · ETA ' + fmtWait(item.etaSeconds) : ''));
      li.querySelector('.pick').hidden = item.state !== 'queued';
      list.appendChild(li);   // moves it into priority order
    });
  }

  function visitorLabel(c) {
    const v = (c.packet && c.packet.visitor) || {};
    return v.name || v.email || ('Visitor ' + String(v.id || c.id).slice(0, 6));
  }

  function renderTabs() {
    const tabs = $('tabs');
    clear(tabs);
    state.order.forEach((id) => {
      const c = state.convs.get(id);
      if (!c) return;
      const tab = el('button', 'tab' + (id === state.active ? ' active' : '') + (c.status === 'wrap_up' ? ' wrap' : ''));
      tab.type = 'button';
      tab.setAttribute('role', 'tab');
      tab.dataset.conversationId = id;
      tab.appendChild(el('span', 'fr-dot ' + ((c.frustration && c.frustration.cls) || 'calm')));
      tab.appendChild(el('span', 'tab-name', visitorLabel(c)));
      if (c.status === 'wrap_up') tab.appendChild(el('span', 'tab-tag', 'wrap-up'));
      if (c.unread) tab.appendChild(el('span', 'badge', String(c.unread)));
      tab.addEventListener('click', () => { state.active = id; c.unread = 0; render(); });
      tabs.appendChild(tab);
    });
  }

  function renderChat() {
    const c = current();
    $('no-chat').hidden = !!c;
    $('chat').hidden = !c;
    $('context').classList.toggle('idle', !c);
    if (!c) return;
    c.unread = 0;
    const p = c.packet || {};
    $('chat-title').textContent = visitorLabel(c);
    $('chat-sub').textContent = [p.language && p.language.toUpperCase(), c.handoff && c.handoff.queue,
      c.status === 'wrap_up' ? 'wrap-up: notes only' : 'assigned to you', c.synced ? null : 'syncing…']
      .filter(Boolean).join(' · ');
    $('close-chat').hidden = c.status !== 'assigned';
    $('resolution').hidden = c.status !== 'assigned';
    $('transfer-box').hidden = c.status !== 'assigned';
    $('finish').hidden = c.status !== 'wrap_up';
    renderTranscript(c);
    renderTyping();
    renderComposer(c);
    renderGauge(c);
    renderContext(c);
    renderSuggestions(c);
  }

  function renderTranscript(c) {
    const box = $('transcript');
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80 || box.dataset.conv !== c.id;
    clear(box);
    box.dataset.conv = c.id;
    const seqs = Array.from(c.events.keys()).sort((a, b) => a - b);
    seqs.forEach((seq) => box.appendChild(eventRow(c.events.get(seq))));
    c.outbox.forEach((item, clientId) => {
      const row = el('div', 'row ' + (item.kind === 'note' ? 'note' : 'agent') + ' pending');
      row.dataset.clientId = clientId;
      row.dataset.state = 'sending';
      const bubble = el('div', 'bubble');
      if (item.kind === 'note') bubble.appendChild(el('div', 'note-label', 'Internal note'));
      bubble.appendChild(el('div', 'text', item.text));
      bubble.appendChild(el('div', 'meta', item.sent ? 'Sending…' : 'Waiting for connection…'));
      row.appendChild(bubble);
      box.appendChild(row);
    });
    if (nearBottom) box.scrollTop = box.scrollHeight;
  }

  const STATUS_TEXT = {
    open: 'Conversation started', handoff_requested: 'Visitor asked for a person', queued: 'Waiting in the queue',
    offered: 'Offered to an agent', assigned: 'Assigned', closed: 'Conversation closed'
  };

  function eventRow(ev) {
    const data = ev.data || {};
    const author = ev.author || {};
    if (ev.kind === 'status') {
      const row = el('div', 'row status');
      row.dataset.seq = ev.seq;
      let text = STATUS_TEXT[data.status] || ('Status: ' + data.status);
      if (data.status === 'assigned' && data.agent && data.agent.name) text = 'Assigned to ' + data.agent.name;
      if (data.status === 'closed' && data.resolution) text += ' · ' + data.resolution;
      if (data.reason) text += ' (' + data.reason + ')';
      row.appendChild(el('span', null, text + ' · ' + fmtTime(ev.at)));
      return row;
    }
    if (ev.kind !== 'message' && ev.kind !== 'note') {
      const row = el('div', 'row status');
      row.dataset.seq = ev.seq;
      let text = ev.kind;
      if (ev.kind === 'feedback') text = 'Visitor feedback: ' + (data.helpful ? 'helpful' : 'not helpful');
      if (ev.kind === 'survey') text = 'Survey: ' + (data.rating || '?') + '/5' + (data.comment ? ' — ' + data.comment : '');
      row.appendChild(el('span', null, text + ' · ' + fmtTime(ev.at)));
      return row;
    }
    const kind = ev.kind === 'note' ? 'note' : (author.kind || 'system');
    const row = el('div', 'row ' + kind);
    row.dataset.seq = ev.seq;
    if (ev.clientId) row.dataset.clientId = ev.clientId;
    const bubble = el('div', 'bubble');
    if (ev.kind === 'note') bubble.appendChild(el('div', 'note-label', 'Internal note · ' + (author.name || 'staff')));
    bubble.appendChild(el('div', 'text', ev.text || ''));
    const meta = el('div', 'meta');
    meta.appendChild(document.createTextNode((ev.kind === 'note' ? '' : (author.name || author.kind || '') + ' · ') + fmtTime(ev.at)));
    if (data.frustration && author.kind === 'visitor') {
      meta.appendChild(el('span', 'fr-chip ' + (data.frustration.level || 'calm'), String(data.frustration.level || '') + ' ' + Number(data.frustration.score || 0).toFixed(2)));
    }
    bubble.appendChild(meta);
    row.appendChild(bubble);
    return row;
  }

  function renderTyping() {
    const c = current();
    const t = $('typing');
    t.hidden = !(c && c.typing);
    t.textContent = c && c.typing ? c.typing + ' is typing…' : '';
  }

  function renderComposer(c) {
    if (!c) return;
    const input = $('input');
    if (input.dataset.conv !== c.id) { input.value = c.draft || ''; input.dataset.conv = c.id; }
    const noteOnly = c.status !== 'assigned';
    $('note-mode').checked = noteOnly || !!c.note;
    $('note-mode').disabled = noteOnly;
    const note = $('note-mode').checked;
    $('composer').classList.toggle('note', note);
    input.placeholder = note ? 'Internal note — never shown to the visitor' : 'Reply to the visitor…  (Enter to send, Shift+Enter for a new line)';
    $('send').textContent = note ? 'Add note' : 'Send';
    $('composer-hint').textContent = state.ready ? (c.failed ? 'Not sent: ' + c.failed.failed : '') : 'Offline: messages are sent when the connection is back';
  }

  function renderGauge(c) {
    const f = c.frustration || { level: 0, trend: 0, cls: 'calm', reasons: [] };
    const level = Math.max(0, Math.min(1, f.level || 0));
    const fill = $('gauge-fill');
    const length = Math.PI * 50;
    fill.style.strokeDasharray = (level * length).toFixed(1) + ' ' + length.toFixed(1);
    $('gauge').dataset.class = f.cls || classOf(level);
    $('gauge-value').textContent = level.toFixed(2);
    const trend = f.trend || 0;
    const arrow = trend > 0.02 ? '↑' : trend < -0.02 ? '↓' : '→';
    $('gauge-trend').textContent = arrow;
    $('gauge-trend').dataset.dir = trend > 0.02 ? 'up' : trend < -0.02 ? 'down' : 'flat';
    $('gauge-trend').title = 'trend ' + trend.toFixed(2) + ', peak ' + Number(f.peak || 0).toFixed(2);
    $('gauge-class').textContent = (f.cls || classOf(level)) + (f.peak ? ' · peak ' + Number(f.peak).toFixed(2) : '');
    const reasons = $('gauge-reasons');
    clear(reasons);
    (f.reasons || []).slice(0, 5).forEach((r) => reasons.appendChild(el('li', null, typeof r === 'string' ? r : (r.text || r.code))));
  }

  function renderContext(c) {
    const p = c.packet || {};
    const v = p.visitor || {};
    const dl = $('visitor');
    clear(dl);
    const add = (k, val) => { if (val !== undefined && val !== null && val !== '') { dl.appendChild(el('dt', null, k)); dl.appendChild(el('dd', null, val)); } };
    add('Name', v.name);
    add('Email', v.email);
    add('Customer ID', v.externalId);
    add('Identity', identityNote(v));
    add('Locale', v.locale);
    add('Page', v.page);
    add('Waited', p.waitedSeconds !== undefined ? fmtWait(p.waitedSeconds) : null);
    add('Reason', p.reason);
    const prev = v.returning ? v.returning.previousConversations : null;
    add('History', prev ? prev + ' earlier conversation' + (prev === 1 ? '' : 's') + ' (returning visitor)' : 'first conversation');
    const attrs = v.attributes || {};
    Object.keys(attrs).forEach((k) => {
      if (k === 'name' || k === 'email' || k === 'externalId') return;
      const val = attrs[k];
      add(k, typeof val === 'object' ? JSON.stringify(val) : String(val));
    });
    if (p.lastTransfer) add('Transfer note', p.lastTransfer.note || '(none)');
    const bot = p.bot || {};
    const box = $('bot');
    clear(box);
    const answers = bot.answers || [];
    box.appendChild(el('p', 'bot-line', answers.length + ' bot replies · ' + (bot.fallbacks || 0) + ' fallbacks · '
      + (bot.articlesOffered || []).length + ' articles offered'));
    const ul = el('ul', 'bot-list');
    answers.slice(-5).forEach((a) => {
      const li = el('li');
      li.appendChild(el('span', 'pill', a.outcome || 'reply'));
      li.appendChild(el('span', null, ' ' + String(a.text || '').slice(0, 120)));
      ul.appendChild(li);
    });
    (bot.feedback || []).forEach((fb) => ul.appendChild(el('li', null, 'Feedback on #' + fb.inReplyTo + ': ' + (fb.helpful ? 'helpful' : 'not helpful'))));
    box.appendChild(ul);
  }

  function renderSuggestions(c) {
    const box = $('suggestions');
    clear(box);
    const s = c.suggestions;
    if (!s) { box.appendChild(el('p', 'empty', 'Suggestions appear for the visitor\'s latest message.')); return; }
    if (s.connected === false) { box.appendChild(el('p', 'empty', s.message || 'The knowledge base is not connected.')); return; }
    if (!(s.suggestions || []).length) { box.appendChild(el('p', 'empty', 'No matching articles for “' + (s.query || '') + '”.')); return; }
    s.suggestions.forEach((item) => {
      const card = el('div', 'suggestion');
      card.appendChild(el('div', 'sg-title', item.title));
      card.appendChild(el('div', 'sg-snippet', item.snippet || ''));
      const use = el('button', 'ghost small', 'Insert');
      use.type = 'button';
      use.addEventListener('click', () => insertText(item.snippet || item.title));
      card.appendChild(use);
      box.appendChild(card);
    });
  }

  function renderTransferTargets() {
    const select = $('transfer-target');
    clear(select);
    select.appendChild(new Option('Transfer to…', ''));
    (state.queues || []).forEach((q) => select.appendChild(new Option('Queue: ' + (q.name || q.id), 'queue:' + q.id)));
    const me = state.agent ? state.agent.id : (session.account && session.account.id);
    (state.colleagues || []).filter((a) => a.id !== me && a.state === 'available' && a.load < a.maxChats)
      .forEach((a) => select.appendChild(new Option('Agent: ' + (a.name || a.username) + ' (' + a.load + '/' + a.maxChats + ')', 'agent:' + a.id)));
  }

  setInterval(() => { if (state.offers.size) renderOffers(); }, 1000);

  // ---------------------------------------------------------------- test hook

  window.__switchboardConsole = {
    state,
    isConnected: () => state.ready,
    /** Closes the socket as a network drop would; reconnects after holdMs (default immediately, with backoff). */
    dropConnection(holdMs) {
      state.holdUntil = Date.now() + (holdMs || 0);
      const ws = state.ws;
      if (ws) ws.close(4000, 'test drop');
    },
    transcript(conversationId) {
      const c = state.convs.get(conversationId || state.active);
      if (!c) return [];
      return Array.from(c.events.values()).sort((a, b) => a.seq - b.seq)
        .map((e) => ({ seq: e.seq, kind: e.kind, author: e.author && e.author.kind, text: e.text || null }));
    }
  };

  if (session.resume()) start();
  loadCannedWhenReady();
  function loadCannedWhenReady() { if (session.token) loadCanned(); }
  $('login-form').addEventListener('submit', () => setTimeout(() => { if (session.token) loadCanned(); }, 300));
})();
