/*
 * Switchboard supervisor and admin pages: live wallboard (GET /api/supervisor/snapshot every 2 s), knowledge
 * base (list, search, edit, import), knowledge gaps, agent profiles, queues and canned responses.
 * Vanilla JS; everything from the server is rendered with textContent, never innerHTML. Sign-in, the token and its
 * renewal are ../shared/staff-session.js, shared with the agent console.
 */
(function () {
  'use strict';

  const POLL_MS = 2000;
  const $ = (id) => document.getElementById(id);
  const safeJson = SwitchboardStaff.safeJson;

  const session = SwitchboardStaff.createSession({
    storagePrefix: 'switchboard.admin',
    refusal: (account) => {
      const roles = account.roles || [];
      return roles.indexOf('supervisor') < 0 && roles.indexOf('admin') < 0
        ? 'This page needs a supervisor or admin account.' : null;
    },
    onSignedIn: start,
    onRenewed: () => sendReauth(state.ws),
    onSignedOut: () => {
      clearInterval(state.pollTimer);
      stopWatch();
    }
  });
  const api = session.api;

  const state = {
    view: 'wallboard',
    pollTimer: null,
    lastPollAt: 0,
    snapshot: null,
    articles: [],
    editing: null,
    agents: [],
    profileId: null,
    ws: null,
    wsAttempt: 0,
    wsTimer: null,
    pushed: 0
  };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach((cell) => {
      const td = document.createElement('td');
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === undefined || cell === null ? '' : String(cell);
      tr.appendChild(td);
    });
    return tr;
  }

  function emptyRow(tbody, columns, text) {
    const tr = document.createElement('tr');
    const td = el('td', 'empty', text);
    td.colSpan = columns;
    tr.appendChild(td);
    tbody.appendChild(tr);
  }

  function fmtWait(seconds) {
    seconds = Math.max(0, Math.round(seconds || 0));
    if (seconds < 60) return seconds + 's';
    const m = Math.floor(seconds / 60);
    if (m < 60) return m + 'm ' + (seconds % 60) + 's';
    return Math.floor(m / 60) + 'h ' + (m % 60) + 'm';
  }

  function classOf(level) {
    if (level >= 0.75) return 'angry';
    if (level >= 0.55) return 'frustrated';
    if (level >= 0.35) return 'annoyed';
    return 'calm';
  }

  function list(text) {
    return String(text || '').split(',').map((s) => s.trim()).filter(Boolean);
  }

  function toast(text, kind) {
    const t = $('toast');
    t.textContent = text;
    t.dataset.kind = kind || 'info';
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  function isAdmin() {
    const account = session.account;
    return !!(account && (account.roles || []).indexOf('admin') >= 0);
  }

  // ---------------------------------------------------------------- session and views

  function sendReauth(ws) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'reauth', token: session.token }));
  }

  $('logout').addEventListener('click', () => session.signOut());

  document.querySelectorAll('.view-btn').forEach((b) => b.addEventListener('click', () => show(b.dataset.view)));

  function show(view) {
    state.view = view;
    document.querySelectorAll('.view-btn').forEach((b) => b.classList.toggle('active', b.dataset.view === view));
    document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== 'view-' + view; });
    if (view === 'kb') loadArticles();
    if (view === 'gaps') loadGaps();
    if (view === 'agents') loadAgents();
    if (view === 'queues') loadQueues();
    if (view === 'canned') loadCanned();
  }

  function start() {
    $('login').hidden = true;
    $('app').hidden = false;
    const account = session.account;
    $('me').textContent = account ? (account.displayName || account.username) : '';
    document.querySelectorAll('#kb-import, #kb-edit button').forEach((n) => { n.disabled = !isAdmin(); });
    poll();
    clearInterval(state.pollTimer);
    state.pollTimer = setInterval(poll, POLL_MS);
    connectWatch();
    show(state.view);
  }

  // ---------------------------------------------------------------- wallboard

  async function poll() {
    if (!session.token) return;
    try {
      state.snapshot = await api('GET', '/api/supervisor/snapshot');
      state.lastPollAt = Date.now();
      markUpdated();
      renderWallboard();
    } catch (e) {
      $('updated').textContent = 'not updated: ' + e.message;
      $('updated').classList.add('stale');
    }
  }

  /**
   * Push updates: watch_supervisor on /ws/agent sends a snapshot on every change (coalesced to 250 ms). The
   * 2-second poll stays on as well: it keeps the waits ticking between changes and covers a dropped socket.
   */
  function connectWatch() {
    clearTimeout(state.wsTimer);
    if (!session.token || state.ws) return;
    const ws = session.openAgentSocket();
    if (!ws) return;
    state.ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello' }));
      if (ws.token !== session.token) sendReauth(ws);   // renewed while the socket was connecting
    };
    ws.onmessage = (m) => {
      const f = safeJson(m.data);
      if (!f || state.ws !== ws) return;
      if (f.type === 'welcome') {
        state.wsAttempt = 0;
        ws.send(JSON.stringify({ type: 'watch_supervisor' }));
      } else if (f.type === 'supervisor') {
        state.snapshot = f.snapshot;
        state.pushed = Date.now();
        markUpdated();
        renderWallboard();
      }
    };
    ws.onclose = () => {
      if (state.ws !== ws) return;
      state.ws = null;
      const delay = Math.min(15000, 500 * Math.pow(2, state.wsAttempt++));
      state.wsTimer = setTimeout(connectWatch, delay);
    };
  }

  function stopWatch() {
    clearTimeout(state.wsTimer);
    const ws = state.ws;
    state.ws = null;
    if (ws) try { ws.close(1000, 'bye'); } catch (e) { /* closed */ }
  }

  function markUpdated() {
    const pushing = state.ws && state.ws.readyState === WebSocket.OPEN;
    $('updated').textContent = '● live' + (pushing ? '' : ' (polling)') + ' · '
      + new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    $('updated').classList.remove('stale');
  }

  function renderWallboard() {
    const s = state.snapshot || { queues: [], agents: [], hottest: [] };
    const queues = s.queues || [];
    const agents = s.agents || [];
    const hottest = s.hottest || [];
    $('kpi-waiting').textContent = String(queues.reduce((n, q) => n + (q.depth || 0), 0));
    $('kpi-oldest').textContent = fmtWait(queues.reduce((n, q) => Math.max(n, q.oldestWaitSeconds || 0), 0));
    $('kpi-available').textContent = String(agents.filter((a) => a.state === 'available').length);
    $('kpi-load').textContent = String(agents.reduce((n, a) => n + (a.load || 0), 0));
    const hot = hottest[0];
    $('kpi-hot').textContent = hot ? Number(hot.level || 0).toFixed(2) : '–';
    $('kpi-hot').className = 'kpi-value ' + (hot ? classOf(hot.level || 0) : '');

    const qBody = $('wb-queues');
    clear(qBody);
    if (!queues.length) emptyRow(qBody, 4, 'Nobody is waiting.');
    const maxDepth = Math.max(1, ...queues.map((q) => q.depth || 0));
    queues.forEach((q) => {
      const bar = el('div', 'bar');
      const fill = el('i');
      fill.style.width = Math.round(100 * (q.depth || 0) / maxDepth) + '%';
      bar.appendChild(fill);
      const tr = row([q.id, q.depth, fmtWait(q.oldestWaitSeconds), bar]);
      tr.dataset.queue = q.id;
      if ((q.oldestWaitSeconds || 0) > 120) tr.classList.add('warn');
      qBody.appendChild(tr);
    });

    const hBody = $('wb-hot');
    clear(hBody);
    if (!hottest.length) emptyRow(hBody, 5, 'No scored conversations.');
    hottest.forEach((h) => {
      const level = el('span', 'fr-chip ' + classOf(h.level || 0), Number(h.level || 0).toFixed(2));
      const trend = h.trend > 0.02 ? '↑' : h.trend < -0.02 ? '↓' : '→';
      const tr = row([String(h.conversationId).slice(0, 8) + '…', h.status, (h.language || '').toUpperCase(), level,
        trend + ' ' + Number(h.trend || 0).toFixed(2)]);
      tr.title = h.conversationId;
      hBody.appendChild(tr);
    });

    const aBody = $('wb-agents');
    clear(aBody);
    const rank = { available: 0, away: 1, offline: 2 };
    const sorted = agents.slice().sort((a, b) => (rank[a.state] - rank[b.state]) || String(a.name).localeCompare(String(b.name)));
    if (!sorted.length) emptyRow(aBody, 5, 'No agents.');
    sorted.forEach((a) => {
      const who = el('div', 'who');
      who.appendChild(el('strong', null, a.name || a.username));
      who.appendChild(el('span', 'muted', ' @' + a.username));
      const st = el('span', 'state-pill ' + a.state, a.state);
      const load = el('div', 'load');
      const meter = el('div', 'bar');
      const fill = el('i');
      fill.style.width = Math.min(100, Math.round(100 * (a.load || 0) / Math.max(1, a.maxChats || 1))) + '%';
      meter.appendChild(fill);
      load.appendChild(el('span', null, (a.load || 0) + '/' + (a.maxChats || 0)));
      load.appendChild(meter);
      const tr = row([who, st, load, (a.languages || []).join(', '), (a.skills || []).join(', ')]);
      tr.dataset.agent = a.username;
      tr.className = 'agent-row state-' + a.state;
      aBody.appendChild(tr);
    });
  }

  // ---------------------------------------------------------------- knowledge base

  $('kb-search').addEventListener('submit', (e) => { e.preventDefault(); loadArticles(); });

  async function loadArticles() {
    const q = $('kb-q').value.trim();
    const lang = $('kb-lang').value;
    const body = $('kb-list');
    try {
      if (q) {
        // Search is per language: without a choice, search each and merge by confidence.
        const languages = lang ? [lang] : ['en', 'es', 'ru'];
        const results = await Promise.all(languages.map((l) =>
          api('GET', '/api/kb/search?q=' + encodeURIComponent(q) + '&lang=' + l + '&limit=20')));
        state.articles = [];
        results.forEach((result, i) => (result.hits || []).forEach((h) => state.articles.push({ id: h.articleId,
          slug: h.slug, title: h.title, category: h.category, language: result.language || languages[i], confidence: h.confidence })));
        state.articles.sort((a, b) => (b.confidence || 0) - (a.confidence || 0));
      } else {
        state.articles = await api('GET', '/api/kb/articles?limit=200' + (lang ? '&lang=' + lang : ''));
      }
      clear(body);
      $('kb-status').textContent = state.articles.length + (q ? ' matches' : ' articles');
      if (!state.articles.length) emptyRow(body, 5, 'No articles.');
      state.articles.forEach((a) => {
        const edit = el('button', 'ghost small', isAdmin() ? 'Edit' : 'View');
        edit.type = 'button';
        edit.addEventListener('click', () => editArticle(a.id));
        const title = el('span', null, a.title);
        if (a.confidence !== undefined) title.appendChild(el('span', 'muted', ' · ' + Number(a.confidence).toFixed(2)));
        body.appendChild(row([title, a.slug, a.language, a.category, edit]));
      });
    } catch (e) {
      clear(body);
      emptyRow(body, 5, 'Cannot load articles: ' + e.message);
    }
  }

  async function editArticle(id) {
    try {
      const a = await api('GET', '/api/kb/articles/' + encodeURIComponent(id));
      state.editing = a;
      $('kb-edit').hidden = false;
      $('kb-edit-empty').hidden = true;
      $('ed-title').value = a.title || '';
      $('ed-slug').value = a.slug || '';
      $('ed-language').value = a.language || 'en';
      $('ed-category').value = a.category || '';
      $('ed-tags').value = (a.tags || []).join(', ');
      $('ed-body').value = a.body || '';
      $('ed-status').textContent = 'version ' + a.version;
    } catch (e) {
      toast('Cannot open the article: ' + e.message, 'error');
    }
  }

  $('kb-edit').addEventListener('submit', async (e) => {
    e.preventDefault();
    const a = state.editing;
    if (!a) return;
    const updated = {
      slug: $('ed-slug').value.trim(), language: $('ed-language').value, category: $('ed-category').value.trim(),
      title: $('ed-title').value, tags: list($('ed-tags').value), body: $('ed-body').value,
      quickReplies: a.quickReplies || [], links: a.links || [], version: a.version
    };
    try {
      const saved = await api('PUT', '/api/kb/articles/' + encodeURIComponent(a.id), updated);
      state.editing = saved;
      $('ed-status').textContent = 'saved · version ' + saved.version;
      toast('Article saved', 'ok');
      loadArticles();
    } catch (err) {
      $('ed-status').textContent = err.message;
    }
  });

  $('kb-import').addEventListener('change', async (e) => {
    const file = e.target.files && e.target.files[0];
    if (!file) return;
    const text = await file.text();
    const markdown = /\.md$/i.test(file.name);
    try {
      const result = await api('POST', '/api/kb/import', text, markdown ? 'text/markdown' : 'application/json');
      $('kb-import-status').textContent = 'Imported ' + file.name + ': ' + result.created + ' created, ' + result.updated
        + ' updated, ' + result.unchanged + ' unchanged';
      toast('Import done', 'ok');
      loadArticles();
    } catch (err) {
      $('kb-import-status').textContent = 'Import failed: ' + err.message;
      toast('Import failed', 'error');
    }
    e.target.value = '';
  });

  // ---------------------------------------------------------------- gaps

  $('gaps-form').addEventListener('submit', (e) => { e.preventDefault(); loadGaps(); });

  async function loadGaps() {
    const body = $('gaps-list');
    const lang = $('gaps-lang').value;
    try {
      const report = await api('GET', '/api/kb/gaps?limit=50' + (lang ? '&lang=' + lang : ''));
      clear(body);
      $('gaps-summary').textContent = report.gaps + ' unanswered questions in ' + (report.groups || []).length + ' groups'
        + (report.truncated ? ' (truncated)' : '');
      if (!(report.groups || []).length) emptyRow(body, 7, 'No gaps: the bot answered everything.');
      (report.groups || []).forEach((g) => {
        const reasons = g.reasons || {};
        const examples = el('ul', 'examples');
        (g.examples || []).slice(0, 3).forEach((x) => examples.appendChild(el('li', null, x)));
        body.appendChild(row([g.question, g.language, g.count, reasons.fallback || 0, reasons.unhelpful || 0, examples,
          g.lastAt ? new Date(g.lastAt).toLocaleString() : '']));
      });
    } catch (e) {
      clear(body);
      emptyRow(body, 7, 'Cannot load the report: ' + e.message);
    }
  }

  // ---------------------------------------------------------------- agents

  async function loadAgents() {
    const body = $('agents-list');
    try {
      let agents;
      if (isAdmin()) {
        const accounts = await api('GET', '/api/accounts');
        // Admins also see disabled accounts, to enable them again.
        agents = (accounts || []).filter((a) => (a.roles || []).indexOf('agent') >= 0)
          .map((a) => ({ id: a.id, username: a.username, name: a.displayName, active: a.active !== false }));
      } else {
        agents = ((state.snapshot && state.snapshot.agents) || []).map((a) => ({ id: a.id, username: a.username, name: a.name }));
      }
      const snapshotAgents = new Map(((state.snapshot && state.snapshot.agents) || []).map((a) => [a.id, a]));
      clear(body);
      if (!agents.length) emptyRow(body, 5, 'No agents.');
      agents.forEach((a) => {
        const known = snapshotAgents.get(a.id) || {};
        const edit = el('button', 'ghost small', 'Edit');
        edit.type = 'button';
        edit.addEventListener('click', () => editProfile(a));
        const who = el('div', 'who');
        who.appendChild(el('strong', null, a.name || a.username));
        who.appendChild(el('span', 'muted', ' @' + a.username));
        if (a.active === false) who.appendChild(el('span', 'muted', ' (disabled)'));
        const actions = el('div', 'actions');
        actions.appendChild(edit);
        if (isAdmin() && a.id !== (session.account && session.account.id)) {
          const toggle = el('button', 'ghost small', a.active === false ? 'Enable' : 'Disable');
          toggle.type = 'button';
          toggle.dataset.account = a.id;
          toggle.addEventListener('click', () => setActive(a, a.active === false));
          actions.appendChild(toggle);
        }
        body.appendChild(row([who, (known.languages || []).join(', '), (known.skills || []).join(', '), known.maxChats, actions]));
      });
    } catch (e) {
      clear(body);
      emptyRow(body, 5, 'Cannot load agents: ' + e.message);
    }
  }

  /** Disabling signs the agent out everywhere at once (the server closes their console connections). */
  async function setActive(agent, active) {
    if (!active && !window.confirm('Disable ' + (agent.name || agent.username) + '? They are signed out at once.')) return;
    try {
      await api('PATCH', '/api/accounts/' + encodeURIComponent(agent.id), { active });
      toast((agent.name || agent.username) + (active ? ' can sign in again.' : ' is disabled and signed out.'), 'info');
      loadAgents();
    } catch (e) {
      toast('Cannot change the account: ' + e.message, 'error');
    }
  }

  async function editProfile(agent) {
    try {
      const p = await api('GET', '/api/agents/' + encodeURIComponent(agent.id) + '/profile');
      state.profileId = agent.id;
      $('profile-form').hidden = false;
      $('profile-empty').hidden = true;
      $('profile-who').textContent = (p.displayName || agent.name) + ' (@' + p.username + ')';
      $('pf-languages').value = (p.languages || []).join(', ');
      $('pf-skills').value = (p.skills || []).join(', ');
      $('pf-max').value = p.maxChats;
      $('pf-status').textContent = '';
    } catch (e) {
      toast('Cannot load the profile: ' + e.message, 'error');
    }
  }

  $('profile-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('PUT', '/api/agents/' + encodeURIComponent(state.profileId) + '/profile', {
        languages: list($('pf-languages').value), skills: list($('pf-skills').value), maxChats: Number($('pf-max').value)
      });
      $('pf-status').textContent = 'saved';
      await poll();
      loadAgents();
    } catch (err) {
      $('pf-status').textContent = err.message;
    }
  });

  // ---------------------------------------------------------------- queues

  async function loadQueues() {
    const body = $('queues-list');
    try {
      const queues = await api('GET', '/api/queues');
      clear(body);
      if (!queues.length) emptyRow(body, 5, 'No queues.');
      queues.forEach((q) => body.appendChild(row([q.id, q.name, (q.languages || []).join(', '), (q.skills || []).join(', '), fmtWait(q.maxWaitSeconds)])));
    } catch (e) {
      clear(body);
      emptyRow(body, 5, 'Cannot load queues: ' + e.message);
    }
  }

  $('queue-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/queues', {
        id: $('q-id').value.trim(), name: $('q-name').value.trim(), languages: list($('q-languages').value),
        skills: list($('q-skills').value), maxWaitSeconds: Number($('q-wait').value) || 900
      });
      $('q-status').textContent = 'created';
      e.target.reset();
      loadQueues();
    } catch (err) {
      $('q-status').textContent = err.message;
    }
  });

  // ---------------------------------------------------------------- canned responses

  $('canned-search').addEventListener('submit', (e) => { e.preventDefault(); loadCanned(); });

  async function loadCanned() {
    const body = $('canned-list');
    const q = $('canned-q').value.trim();
    try {
      const items = await api('GET', '/api/canned' + (q ? '?q=' + encodeURIComponent(q) : ''));
      clear(body);
      if (!items.length) emptyRow(body, 4, 'No canned responses.');
      items.forEach((c) => body.appendChild(row(['/' + c.shortcut, c.scope, c.language || 'any', c.text])));
    } catch (e) {
      clear(body);
      emptyRow(body, 4, 'Cannot load canned responses: ' + e.message);
    }
  }

  $('canned-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const item = { shortcut: $('c-shortcut').value.trim(), text: $('c-text').value, scope: $('c-scope').value };
    const language = $('c-language').value.trim();
    if (language) item.language = language;
    try {
      await api('POST', '/api/canned', item);
      $('c-status').textContent = 'created';
      e.target.reset();
      loadCanned();
    } catch (err) {
      $('c-status').textContent = err.message;
    }
  });

  window.__switchboardAdmin = { state, poll };

  if (session.resume()) start();
})();
