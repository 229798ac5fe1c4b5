/*!
 * Switchboard chat widget — embed with one tag:
 *   <script src="https://host/widget/switchboard-widget.js" data-server="https://host" async></script>
 * Speaks the visitor WebSocket protocol (docs/protocol.md). No framework, no build step.
 * Everything a person wrote is rendered with textContent, never as HTML.
 * See docs/widget.md for the data- attributes, SwitchboardWidget.identify(), localization and accessibility notes.
 */
(() => {
  'use strict';

  if (window.__switchboardWidget) {
    return; // the tag was included twice: one widget per page
  }

  const SCRIPT = document.currentScript || document.querySelector('script[src*="switchboard-widget"]');
  const ACK_TIMEOUT_MS = 10000;
  const BACKOFF_START_MS = 500;
  const BACKOFF_MAX_MS = 15000;
  const TYPING_IDLE_MS = 2500;
  const TYPING_SHOWN_MAX_MS = 8000;
  const MAX_CACHED_EVENTS = 300;
  const MAX_PAGE_LENGTH = 2048;
  const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,253}\.[^@\s]{2,}$/;
  /** The server's limits for hello.visitor; a value breaking them is left out rather than refused. */
  const IDENTITY_LIMITS = { name: 200, email: 254, externalId: 128 };
  // eslint-disable-next-line no-control-regex
  const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
  /** Statuses that change who owns the conversation (the server's list). */
  const OWNERSHIP = new Set(['open', 'queued', 'offered', 'assigned', 'wrap_up', 'closed', 'offline']);

  // ---- strings ----

  const STRINGS = {
    en: {
      title: 'Chat with us',
      openChat: 'Open chat',
      closeChat: 'Close chat',
      greeting: 'Hi! How can we help you today?',
      online: 'We reply in a few minutes',
      connecting: 'Connecting…',
      reconnecting: 'Connection lost. Reconnecting…',
      chattingWith: 'You are chatting with {name}',
      conversation: 'Conversation',
      messageLabel: 'Message',
      placeholder: 'Type your message…',
      send: 'Send',
      talkToPerson: 'Talk to a person',
      you: 'You',
      assistant: 'Assistant',
      agent: 'Support agent',
      sending: 'Sending…',
      sent: 'Sent',
      failed: 'Not sent',
      retry: 'Retry',
      helpful: 'Was this helpful?',
      helpfulYes: 'Yes, this was helpful',
      helpfulNo: 'No, this was not helpful',
      feedbackThanks: 'Thanks for your feedback!',
      didYouMean: 'Did you mean:',
      suggestions: 'Suggested replies',
      links: 'Related articles',
      typing: '{name} is typing…',
      queuePosition: 'Your position in the queue: {position}',
      queueEta: 'Estimated wait: about {minutes} min',
      queueNobody: 'Nobody is online right now. Please stay, or leave us a message.',
      handoffRequested: 'Connecting you to a person…',
      queued: 'You are in the queue. A person will be with you shortly.',
      offered: 'A support agent is about to join…',
      assigned: '{name} joined the chat',
      closed: 'The chat has ended.',
      offline: 'Nobody is available right now. Leave us a message and we will reply by e-mail.',
      offlineTitle: 'Leave us a message',
      offlineMessage: 'Your message',
      email: 'Your e-mail',
      offlineSubmit: 'Send message',
      offlineThanks: 'Thanks! We will reply to {email}.',
      invalidEmail: 'Please enter a valid e-mail address.',
      emptyMessage: 'Please write a message.',
      surveyTitle: 'How was your chat?',
      stars: '{n} of 5 stars',
      rating: 'Your rating',
      comment: 'Comment (optional)',
      surveySubmit: 'Submit rating',
      surveyThanks: 'Thank you for rating this chat!',
      newChat: 'Start a new chat',
      tooLong: 'The message is too long: {max} characters at most.',
      unread: '{n} new messages',
    },
    es: {
      title: 'Chatea con nosotros',
      openChat: 'Abrir el chat',
      closeChat: 'Cerrar el chat',
      greeting: '¡Hola! ¿En qué podemos ayudarte hoy?',
      online: 'Respondemos en pocos minutos',
      connecting: 'Conectando…',
      reconnecting: 'Se perdió la conexión. Reconectando…',
      chattingWith: 'Estás chateando con {name}',
      conversation: 'Conversación',
      messageLabel: 'Mensaje',
      placeholder: 'Escribe tu mensaje…',
      send: 'Enviar',
      talkToPerson: 'Hablar con una persona',
      you: 'Tú',
      assistant: 'Asistente',
      agent: 'Agente de soporte',
      sending: 'Enviando…',
      sent: 'Enviado',
      failed: 'No enviado',
      retry: 'Reintentar',
      helpful: '¿Te resultó útil?',
      helpfulYes: 'Sí, me resultó útil',
      helpfulNo: 'No me resultó útil',
      feedbackThanks: '¡Gracias por tu opinión!',
      didYouMean: '¿Quisiste decir…?',
      suggestions: 'Respuestas sugeridas',
      links: 'Artículos relacionados',
      typing: '{name} está escribiendo…',
      queuePosition: 'Tu posición en la cola: {position}',
      queueEta: 'Espera estimada: unos {minutes} min',
      queueNobody: 'Ahora mismo no hay nadie conectado. Espera o déjanos un mensaje.',
      handoffRequested: 'Te estamos conectando con una persona…',
      queued: 'Estás en la cola. Una persona te atenderá en breve.',
      offered: 'Un agente está a punto de unirse…',
      assigned: '{name} se unió al chat',
      closed: 'El chat ha finalizado.',
      offline: 'Ahora mismo no hay nadie disponible. Déjanos un mensaje y te responderemos por correo.',
      offlineTitle: 'Déjanos un mensaje',
      offlineMessage: 'Tu mensaje',
      email: 'Tu correo electrónico',
      offlineSubmit: 'Enviar mensaje',
      offlineThanks: '¡Gracias! Responderemos a {email}.',
      invalidEmail: 'Introduce un correo electrónico válido.',
      emptyMessage: 'Escribe un mensaje.',
      surveyTitle: '¿Qué tal fue el chat?',
      stars: '{n} de 5 estrellas',
      rating: 'Tu valoración',
      comment: 'Comentario (opcional)',
      surveySubmit: 'Enviar valoración',
      surveyThanks: '¡Gracias por valorar este chat!',
      newChat: 'Iniciar un chat nuevo',
      tooLong: 'El mensaje es demasiado largo: {max} caracteres como máximo.',
      unread: '{n} mensajes nuevos',
    },
    ru: {
      title: 'Чат с поддержкой',
      openChat: 'Открыть чат',
      closeChat: 'Закрыть чат',
      greeting: 'Здравствуйте! Чем мы можем помочь?',
      online: 'Отвечаем в течение нескольких минут',
      connecting: 'Подключение…',
      reconnecting: 'Связь потеряна. Переподключаемся…',
      chattingWith: 'Вам отвечает {name}',
      conversation: 'Переписка',
      messageLabel: 'Сообщение',
      placeholder: 'Введите сообщение…',
      send: 'Отправить',
      talkToPerson: 'Связаться с оператором',
      you: 'Вы',
      assistant: 'Ассистент',
      agent: 'Оператор',
      sending: 'Отправка…',
      sent: 'Отправлено',
      failed: 'Не отправлено',
      retry: 'Повторить',
      helpful: 'Это было полезно?',
      helpfulYes: 'Да, это помогло',
      helpfulNo: 'Нет, это не помогло',
      feedbackThanks: 'Спасибо за отзыв!',
      didYouMean: 'Возможно, вы имели в виду:',
      suggestions: 'Варианты ответа',
      links: 'Статьи по теме',
      typing: '{name} печатает…',
      queuePosition: 'Ваш номер в очереди: {position}',
      queueEta: 'Ожидание: около {minutes} мин',
      queueNobody: 'Сейчас операторов нет в сети. Подождите или оставьте сообщение.',
      handoffRequested: 'Соединяем вас с оператором…',
      queued: 'Вы в очереди. Оператор скоро ответит.',
      offered: 'Оператор сейчас подключится…',
      assigned: 'Оператор {name} подключился к чату',
      closed: 'Чат завершён.',
      offline: 'Сейчас нет свободных операторов. Оставьте сообщение, и мы ответим по электронной почте.',
      offlineTitle: 'Оставьте сообщение',
      offlineMessage: 'Ваше сообщение',
      email: 'Ваш e-mail',
      offlineSubmit: 'Отправить сообщение',
      offlineThanks: 'Спасибо! Мы ответим на {email}.',
      invalidEmail: 'Введите правильный адрес электронной почты.',
      emptyMessage: 'Напишите сообщение.',
      surveyTitle: 'Как прошёл чат?',
      stars: '{n} из 5 звёзд',
      rating: 'Ваша оценка',
      comment: 'Комментарий (необязательно)',
      surveySubmit: 'Отправить оценку',
      surveyThanks: 'Спасибо за оценку!',
      newChat: 'Начать новый чат',
      tooLong: 'Сообщение слишком длинное: не более {max} символов.',
      unread: 'Новых сообщений: {n}',
    },
  };

  // ---- configuration from the script tag ----

  const config = readConfig(SCRIPT);
  const t = (key, vars) => {
    const template = (STRINGS[config.lang] && STRINGS[config.lang][key]) || STRINGS.en[key] || key;
    return vars ? template.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m)) : template;
  };

  function readConfig(script) {
    const data = (script && script.dataset) || {};
    let server;
    try {
      server = new URL(data.server || (script && script.src) || location.href, location.href).origin;
    } catch (e) {
      server = location.origin;
    }
    const requested = (data.lang || navigator.language || 'en').toLowerCase().split(/[-_]/)[0];
    const lang = STRINGS[requested] ? requested : 'en';
    const accent = validColor(data.color) || '#0b5cad';
    return {
      server,
      socketUrl: server.replace(/^http/, 'ws') + '/ws/visitor',
      lang,
      locale: data.lang || navigator.language || lang,
      accent,
      position: data.position === 'left' ? 'left' : 'right',
      title: data.title || '',
      autoOpen: data.open === 'true',
      identity: cleanIdentity({ name: data.visitorName, email: data.visitorEmail, externalId: data.visitorExternalId }),
    };
  }

  /**
   * Who the host page says the visitor is, reduced to what the server accepts: strings (an externalId may be a
   * number), trimmed, within IDENTITY_LIMITS, no control characters, a plausible e-mail. Null when nothing is left.
   */
  function cleanIdentity(given) {
    if (!given || typeof given !== 'object') return null;
    const clean = {};
    for (const [field, max] of Object.entries(IDENTITY_LIMITS)) {
      let value = given[field];
      if (field === 'externalId' && Number.isSafeInteger(value)) value = String(value);
      if (typeof value !== 'string' || !value.trim()) continue;
      value = value.trim();
      if (value.length > max || CONTROL_CHARACTERS.test(value) || (field === 'email' && !EMAIL.test(value))) {
        console.warn('Switchboard widget: visitor ' + field + ' left out: not a string of at most ' + max
          + ' characters' + (field === 'email' ? ' that is an e-mail address' : ''));
        continue;
      }
      clean[field] = value;
    }
    return Object.keys(clean).length ? clean : null;
  }

  function validColor(value) {
    return value && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value.trim()) ? value.trim() : null;
  }

  // WCAG relative luminance and contrast, to pick readable text on a site's own colour.
  function luminance(hex) {
    let h = hex.slice(1);
    if (h.length === 3) h = h.split('').map((c) => c + c).join('');
    const channels = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  function contrast(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  const onAccent = contrast(config.accent, '#ffffff') >= 4.5 ? '#ffffff' : '#111111';
  const accentText = contrast(config.accent, '#ffffff') >= 4.5 ? config.accent : '#0b4f96';

  // ---- persisted state (localStorage, one key per server) ----

  const STORAGE_KEY = 'switchboard.widget.v1:' + config.server;
  const memoryStore = new Map();
  const storage = {
    get(key) {
      try {
        return window.localStorage.getItem(key);
      } catch (e) {
        return memoryStore.get(key) || null;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, value);
      } catch (e) {
        memoryStore.set(key, value); // storage blocked or full: the chat still works for this page
      }
    },
    remove(key) {
      memoryStore.delete(key);
      try {
        window.localStorage.removeItem(key);
      } catch (e) {
        // storage blocked: the memory copy is gone, which is all there was
      }
    },
  };

  const state = loadState();

  function emptyState() {
    return { token: null, conversationId: null, lastSeq: 0, events: [], outbox: [], open: false };
  }

  function loadState() {
    try {
      const raw = JSON.parse(storage.get(STORAGE_KEY) || 'null');
      if (raw && typeof raw === 'object') {
        return {
          token: typeof raw.token === 'string' ? raw.token : null,
          conversationId: typeof raw.conversationId === 'string' ? raw.conversationId : null,
          lastSeq: Number.isSafeInteger(raw.lastSeq) ? raw.lastSeq : 0,
          events: Array.isArray(raw.events) ? raw.events.filter((e) => e && Number.isSafeInteger(e.seq)) : [],
          outbox: Array.isArray(raw.outbox) ? raw.outbox.filter((o) => o && o.frame && o.frame.clientId) : [],
          open: raw.open === true,
        };
      }
    } catch (e) {
      // unreadable state: start afresh
    }
    return emptyState();
  }

  let saveQueued = false;
  function save() {
    if (saveQueued) return;
    saveQueued = true;
    queueMicrotask(() => {
      saveQueued = false;
      if (state.events.length > MAX_CACHED_EVENTS) {
        state.events = state.events.slice(-MAX_CACHED_EVENTS);
      }
      storage.set(STORAGE_KEY, JSON.stringify(state));
    });
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return 'w-' + crypto.randomUUID();
    return 'w-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12);
  }

  // ---- DOM helpers ----

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  const ICON_CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
  const ICON_CLOSE = 'M6 6l12 12M18 6L6 18';
  const ICON_SEND = 'M3 11l18-8-8 18-2-8-8-2z';
  // Thumbs from Feather icons (MIT): drawn, so they do not depend on an emoji font.
  const ICON_UP = 'M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3';
  const ICON_DOWN = 'M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17';

  function icon(path, filled) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const shape = document.createElementNS(ns, 'path');
    shape.setAttribute('d', path);
    shape.setAttribute('fill', filled ? 'currentColor' : 'none');
    shape.setAttribute('stroke', 'currentColor');
    shape.setAttribute('stroke-width', '2');
    shape.setAttribute('stroke-linecap', 'round');
    shape.setAttribute('stroke-linejoin', 'round');
    svg.append(shape);
    return svg;
  }

  const STYLE = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
.sb { --accent: ${config.accent}; --on-accent: ${onAccent}; --accent-text: ${accentText};
  --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f1f3f5; --danger: #b42318;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); position: fixed; bottom: 20px; ${config.position}: 20px; z-index: 2147483000;
  display: flex; flex-direction: column; align-items: ${config.position === 'left' ? 'flex-start' : 'flex-end'}; gap: 12px; }
button, input, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
button:disabled { cursor: not-allowed; opacity: .55; }
:focus { outline: none; }
:focus-visible { outline: 2px solid transparent; box-shadow: 0 0 0 2px #fff, 0 0 0 4px #111; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[hidden] { display: none !important; }

.launcher { position: relative; width: 60px; height: 60px; border-radius: 50%; border: 0; background: var(--accent);
  color: var(--on-accent); box-shadow: 0 6px 20px rgba(15, 23, 42, .28); display: grid; place-items: center;
  transition: transform .15s ease; }
.launcher:hover { transform: scale(1.05); }
.launcher svg { width: 28px; height: 28px; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px; border-radius: 11px;
  background: var(--danger); color: #fff; font-size: 12px; font-weight: 700; line-height: 22px; text-align: center; }

.panel { width: min(380px, calc(100vw - 24px)); height: min(600px, calc(100vh - 110px)); background: #fff;
  border-radius: 16px; box-shadow: 0 12px 40px rgba(15, 23, 42, .25); display: flex; flex-direction: column;
  overflow: hidden; border: 1px solid rgba(15, 23, 42, .08); }
.header { background: var(--accent); color: var(--on-accent); padding: 14px 14px 14px 18px; display: flex;
  align-items: center; gap: 10px; }
.header .titles { flex: 1; min-width: 0; }
.header h2 { margin: 0; font-size: 17px; font-weight: 650; line-height: 1.25; }
.header .subtitle { margin: 2px 0 0; font-size: 13px; opacity: .95; display: flex; align-items: center; gap: 6px; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #22c55e; box-shadow: 0 0 0 2px rgba(255,255,255,.6); flex: none; }
.dot.connecting { background: #f59e0b; }
.icon-button { width: 36px; height: 36px; border-radius: 8px; border: 0; background: transparent; color: inherit;
  display: grid; place-items: center; }
.icon-button:hover { background: rgba(255, 255, 255, .18); }
.icon-button svg { width: 20px; height: 20px; }

.banner { padding: 10px 16px; font-size: 13.5px; background: #fff7e0; color: #5c4400; border-bottom: 1px solid #f0dfa8; }
.banner strong { font-weight: 650; }

.log { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 10px;
  background: #fafbfc; overscroll-behavior: contain; }
.row { display: flex; flex-direction: column; max-width: 85%; align-items: flex-start; }
.row.visitor { align-self: flex-end; align-items: flex-end; }
.row.system { align-self: center; max-width: 92%; align-items: center; }
.author { font-size: 12px; color: var(--muted); margin: 0 0 3px 4px; font-weight: 600; }
.bubble { padding: 9px 13px; border-radius: 16px; background: #fff; border: 1px solid var(--line);
  border-bottom-left-radius: 5px; }
.row.visitor .bubble { background: var(--accent); color: var(--on-accent); border-color: transparent;
  border-bottom-left-radius: 16px; border-bottom-right-radius: 5px; }
.row.visitor[data-state="failed"] .bubble { background: #fff; color: var(--ink); border: 1px dashed var(--danger); }
.text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.system .text { font-size: 13px; color: var(--muted); text-align: center; background: var(--soft);
  padding: 5px 12px; border-radius: 999px; }
.meta { font-size: 12px; color: var(--muted); margin: 3px 4px 0; display: flex; gap: 8px; align-items: center; }
.row.visitor[data-state="failed"] .meta { color: var(--danger); }
.link-button { border: 0; background: none; padding: 2px 4px; color: var(--accent-text); text-decoration: underline;
  font-size: 12px; font-weight: 600; border-radius: 4px; }
.row.visitor[data-state="failed"] .link-button { color: var(--danger); }
.links { list-style: none; margin: 8px 0 0; padding: 8px 0 0; border-top: 1px solid var(--line); }
.links li + li { margin-top: 4px; }
.links a { color: var(--accent-text); font-weight: 600; }
.options { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.options-label { font-size: 12.5px; color: var(--muted); width: 100%; margin: 0; }
.chip { border: 1.5px solid var(--accent-text); color: var(--accent-text); background: #fff; border-radius: 999px;
  padding: 5px 12px; font-size: 13.5px; font-weight: 550; }
.chip:hover { background: var(--accent); color: var(--on-accent); border-color: var(--accent); }
.feedback { display: flex; align-items: center; gap: 4px; margin-top: 6px; font-size: 12.5px; color: var(--muted); }
.feedback button { border: 1px solid var(--line); background: #fff; border-radius: 8px; width: 32px; height: 28px;
  display: grid; place-items: center; color: var(--muted); }
.feedback button svg { width: 15px; height: 15px; }
.feedback button:hover { color: var(--accent-text); border-color: var(--accent-text); }
.feedback button:hover { background: var(--soft); }

.typing { padding: 0 18px 6px; font-size: 12.5px; color: var(--muted); min-height: 0; background: #fafbfc; }
.typing .dots span { display: inline-block; width: 5px; height: 5px; margin-right: 2px; border-radius: 50%;
  background: var(--muted); animation: sb-blink 1.2s infinite both; }
.typing .dots span:nth-child(2) { animation-delay: .2s; }
.typing .dots span:nth-child(3) { animation-delay: .4s; }
@keyframes sb-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .typing .dots span { animation: none; } .launcher { transition: none; } }

.card { margin: 0 12px 12px; padding: 14px; border: 1px solid var(--line); border-radius: 12px; background: #fff;
  display: flex; flex-direction: column; gap: 8px; max-height: 60%; overflow-y: auto; }
.card h3 { margin: 0; font-size: 15px; font-weight: 650; }
.card p { margin: 0; font-size: 13.5px; color: var(--muted); }
.card label { font-size: 13px; font-weight: 600; }
.card input, .card textarea { width: 100%; padding: 8px 10px; border: 1px solid #8c959f; border-radius: 8px;
  background: #fff; resize: vertical; }
.card textarea { min-height: 64px; }
.field-error { color: var(--danger); font-size: 12.5px; margin: 0; }
.stars { display: flex; gap: 4px; }
.star { width: 40px; height: 40px; border: 1px solid var(--line); border-radius: 8px; background: #fff; font-size: 22px;
  line-height: 1; color: #8c959f; }
.star[aria-pressed="true"], .star.lit { color: #b7791f; border-color: #b7791f; background: #fffbeb; }
.primary { border: 0; border-radius: 10px; background: var(--accent); color: var(--on-accent); padding: 9px 14px;
  font-weight: 600; }
.secondary { border: 1px solid var(--line); border-radius: 10px; background: #fff; color: var(--ink); padding: 8px 14px;
  font-weight: 600; }

.footer { border-top: 1px solid var(--line); padding: 10px 12px 12px; background: #fff; display: flex;
  flex-direction: column; gap: 8px; }
.composer { display: flex; gap: 8px; align-items: flex-end; }
.composer textarea { flex: 1; resize: none; min-height: 42px; max-height: 120px; padding: 10px 12px;
  border: 1px solid #8c959f; border-radius: 12px; background: #fff; line-height: 1.35; }
.send { width: 42px; height: 42px; flex: none; border: 0; border-radius: 12px; background: var(--accent);
  color: var(--on-accent); display: grid; place-items: center; }
.send svg { width: 20px; height: 20px; }
.person { align-self: flex-start; border: 0; background: none; padding: 2px 4px; color: var(--accent-text);
  font-size: 13px; font-weight: 600; border-radius: 6px; text-decoration: underline; text-underline-offset: 2px; }
.hint { color: var(--danger); font-size: 12.5px; margin: 0; }
`;

  // ---- the widget's DOM ----

  const host = el('div', { id: 'switchboard-widget', 'data-switchboard': 'widget' });
  const root = host.attachShadow({ mode: 'open' });
  const ui = buildUi();

  function buildUi() {
    const u = {};
    u.style = el('style', { text: STYLE });
    u.badge = el('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
    u.launcher = el('button', {
      type: 'button', class: 'launcher', part: 'launcher', 'aria-label': t('openChat'), 'aria-expanded': 'false',
      'aria-controls': 'sb-panel', onclick: () => toggle(),
    }, icon(ICON_CHAT, false), u.badge);

    u.title = el('h2', { id: 'sb-title', text: config.title || t('title') });
    u.dot = el('span', { class: 'dot connecting', 'aria-hidden': 'true' });
    u.subtitleText = el('span', { text: t('connecting') });
    u.subtitle = el('p', { class: 'subtitle', role: 'status' }, u.dot, u.subtitleText);
    u.close = el('button', {
      type: 'button', class: 'icon-button close', 'aria-label': t('closeChat'), onclick: () => closePanel(true),
    }, icon(ICON_CLOSE, false));
    const header = el('div', { class: 'header' }, el('div', { class: 'titles' }, u.title, u.subtitle), u.close);

    u.banner = el('div', { class: 'banner queue', role: 'status', hidden: true });
    u.log = el('div', {
      class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': t('conversation'),
      tabindex: '0',
    });
    u.greeting = el('div', { class: 'row bot greeting' },
      el('div', { class: 'bubble' }, el('p', { class: 'text', text: t('greeting') })));
    u.log.append(u.greeting);
    u.typing = el('div', { class: 'typing', role: 'status', 'aria-live': 'polite' });

    u.offline = buildOfflineCard();
    u.survey = buildSurveyCard();

    u.input = el('textarea', {
      id: 'sb-input', rows: '1', placeholder: t('placeholder'), 'aria-label': t('messageLabel'),
      maxlength: '4000', autocomplete: 'off',
    });
    u.send = el('button', { type: 'submit', class: 'send', 'aria-label': t('send') }, icon(ICON_SEND, true));
    u.hint = el('p', { class: 'hint', role: 'alert', hidden: true });
    u.composer = el('form', { class: 'composer', onsubmit: onComposerSubmit }, u.input, u.send);
    u.person = el('button', { type: 'button', class: 'person', text: t('talkToPerson'), onclick: escalate });
    u.newChat = el('button', { type: 'button', class: 'secondary new-chat', text: t('newChat'), hidden: true,
      onclick: startNewConversation });
    u.footer = el('div', { class: 'footer' }, u.hint, u.composer, u.person, u.newChat);

    u.panel = el('div', {
      id: 'sb-panel', class: 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'sb-title',
      lang: config.lang, hidden: true,
    }, header, u.banner, u.log, u.typing, u.offline.card, u.survey.card, u.footer);
    u.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        closePanel(true);
      }
    });

    u.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        u.composer.requestSubmit();
      }
    });
    u.input.addEventListener('input', () => {
      autosize(u.input);
      u.hint.hidden = true;
      noteTyping();
    });

    u.wrapper = el('div', { class: 'sb', lang: config.lang }, u.panel, u.launcher);
    root.append(u.style, u.wrapper);
    return u;
  }

  function buildOfflineCard() {
    const c = {};
    c.heading = el('h3', { id: 'sb-offline-title', text: t('offlineTitle') });
    c.text = el('textarea', { id: 'sb-offline-text', rows: '3', maxlength: '4000' });
    c.email = el('input', { id: 'sb-offline-email', type: 'email', autocomplete: 'email', inputmode: 'email' });
    c.error = el('p', { class: 'field-error', role: 'alert', hidden: true });
    c.submit = el('button', { type: 'submit', class: 'primary', text: t('offlineSubmit') });
    c.form = el('form', { class: 'offline-form', novalidate: true, onsubmit: onOfflineSubmit },
      el('label', { for: 'sb-offline-text', text: t('offlineMessage') }), c.text,
      el('label', { for: 'sb-offline-email', text: t('email') }), c.email, c.error, c.submit);
    c.thanks = el('p', { class: 'offline-thanks', role: 'status', hidden: true });
    c.card = el('section', { class: 'card offline', 'aria-labelledby': 'sb-offline-title', hidden: true },
      c.heading, el('p', { text: t('offline') }), c.form, c.thanks);
    return c;
  }

  function buildSurveyCard() {
    const c = { rating: 0, stars: [] };
    c.heading = el('h3', { id: 'sb-survey-title', text: t('surveyTitle') });
    const stars = el('div', { class: 'stars', role: 'group', 'aria-label': t('rating') });
    for (let n = 1; n <= 5; n++) {
      const star = el('button', {
        type: 'button', class: 'star', 'data-rating': n, 'aria-pressed': 'false', 'aria-label': t('stars', { n }),
        text: '★', onclick: () => rate(n),
      });
      c.stars.push(star);
      stars.append(star);
    }
    c.comment = el('textarea', { id: 'sb-survey-comment', rows: '2', maxlength: '4000' });
    c.submit = el('button', { type: 'submit', class: 'primary', text: t('surveySubmit'), disabled: true });
    c.form = el('form', { class: 'survey-form', onsubmit: onSurveySubmit }, stars,
      el('label', { for: 'sb-survey-comment', text: t('comment') }), c.comment, c.submit);
    c.thanks = el('p', { class: 'survey-thanks', role: 'status', hidden: true, text: t('surveyThanks') });
    c.card = el('section', { class: 'card survey', 'aria-labelledby': 'sb-survey-title', hidden: true },
      c.heading, c.form, c.thanks);
    return c;
  }

  function rate(n) {
    ui.survey.rating = n;
    ui.survey.stars.forEach((star, i) => {
      star.setAttribute('aria-pressed', String(i + 1 === n));
      star.classList.toggle('lit', i < n);
    });
    ui.survey.submit.disabled = false;
  }

  function autosize(textarea) {
    textarea.style.height = 'auto';
    textarea.style.height = Math.min(textarea.scrollHeight + 2, 120) + 'px';
  }

  // ---- panel ----

  let unread = 0;

  function openPanel(focus = true) {
    ui.panel.hidden = false;
    ui.launcher.setAttribute('aria-expanded', 'true');
    ui.launcher.setAttribute('aria-label', t('closeChat'));
    state.open = true;
    save();
    unread = 0;
    renderBadge();
    connect();
    scrollToEnd();
    if (focus) (!ui.composer.hidden ? ui.input : ui.close).focus();
  }

  function closePanel(returnFocus) {
    ui.panel.hidden = true;
    ui.launcher.setAttribute('aria-expanded', 'false');
    ui.launcher.setAttribute('aria-label', t('openChat'));
    state.open = false;
    save();
    if (returnFocus) ui.launcher.focus();
  }

  function toggle() {
    if (ui.panel.hidden) openPanel();
    else closePanel(true);
  }

  function renderBadge() {
    ui.badge.hidden = unread === 0;
    ui.badge.textContent = unread > 9 ? '9+' : String(unread);
    ui.launcher.setAttribute('aria-label', ui.panel.hidden
      ? t('openChat') + (unread ? ' — ' + t('unread', { n: unread }) : '') : t('closeChat'));
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  // ---- conversation view ----

  const view = {
    seqs: new Set(),           // seq of every event rendered
    rows: new Map(),           // clientId -> row of the visitor's own message
    feedbackRows: new Map(),   // seq of a bot answer -> its feedback element
    feedbackGiven: new Set(),  // seq of bot answers the visitor already rated
    lastOptions: null,         // quick replies / choices of the newest bot answer
    status: 'open',
    agentName: null,
    handoffRequested: false,   // the visitor asked for a person; the button stays hidden
    surveyDone: false,
    offlineSent: null,         // e-mail of the offline message, once left
  };

  function resetView() {
    for (const node of [...ui.log.children]) {
      if (node !== ui.greeting) node.remove();
    }
    view.seqs.clear();
    view.rows.clear();
    view.feedbackRows.clear();
    view.feedbackGiven.clear();
    view.lastOptions = null;
    view.status = 'open';
    view.agentName = null;
    view.handoffRequested = false;
    view.surveyDone = false;
    view.offlineSent = null;
    ui.survey.form.hidden = false;
    ui.survey.thanks.hidden = true;
    ui.survey.comment.value = '';
    rate(0);
    ui.survey.submit.disabled = true;
    ui.offline.form.hidden = false;
    ui.offline.thanks.hidden = true;
    hideQueue();
    showTyping(null, false);
  }

  function append(row) {
    const nearEnd = ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 80;
    ui.log.append(row);
    if (nearEnd || !ui.panel.hidden) scrollToEnd();
  }

  function timeLabel(at) {
    const date = at ? new Date(at) : new Date();
    if (Number.isNaN(date.getTime())) return null;
    const time = el('time', { datetime: date.toISOString(), title: date.toLocaleString(config.locale) });
    try {
      time.textContent = new Intl.DateTimeFormat(config.locale, { hour: '2-digit', minute: '2-digit' }).format(date);
    } catch (e) {
      time.textContent = date.toTimeString().slice(0, 5);
    }
    return time;
  }

  /** A row for one of the visitor's own messages, keyed by its clientId so it is never shown twice. */
  function ownRow(clientId, text, at) {
    let row = view.rows.get(clientId);
    if (row) return row;
    const status = el('span', { class: 'state' });
    const retry = el('button', { type: 'button', class: 'link-button retry', text: t('retry'), hidden: true,
      onclick: () => retryMessage(clientId) });
    row = el('div', { class: 'row visitor', 'data-client-id': clientId },
      el('span', { class: 'visually-hidden', text: t('you') + ':' }),
      el('div', { class: 'bubble' }, el('p', { class: 'text', text })),
      el('div', { class: 'meta' }, timeLabel(at), status, retry));
    row._status = status;
    row._retry = retry;
    view.rows.set(clientId, row);
    append(row);
    return row;
  }

  function setRowState(row, rowState, reason) {
    if (!row) return;
    row.setAttribute('data-state', rowState);
    row._status.textContent = t(rowState);
    row._status.title = reason || '';
    row._retry.hidden = rowState !== 'failed';
  }

  function retireOptions() {
    if (view.lastOptions) {
      view.lastOptions.forEach((node) => node.remove());
      view.lastOptions = null;
    }
  }

  function authorName(author) {
    if (author.kind === 'bot') return author.name || t('assistant');
    if (author.kind === 'agent') return author.name || t('agent');
    return author.name || '';
  }

  function safeUrl(raw) {
    try {
      const url = new URL(String(raw), config.server);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function otherRow(event, live) {
    const data = event.data && typeof event.data === 'object' ? event.data : {};
    const author = event.author || { kind: 'system' };
    if (author.kind === 'system') {
      return systemRow(event.text || '', event.seq);
    }
    const bubble = el('div', { class: 'bubble' }, el('p', { class: 'text', text: event.text || '' }));
    const links = Array.isArray(data.links) ? data.links : [];
    const list = el('ul', { class: 'links', 'aria-label': t('links') });
    for (const link of links.slice(0, 5)) {
      const href = link && safeUrl(link.url);
      if (!href) continue;
      list.append(el('li', {}, el('a', { href, target: '_blank', rel: 'noopener noreferrer',
        text: String(link.title || href) })));
    }
    if (list.children.length) bubble.append(list);

    const row = el('div', { class: 'row ' + (author.kind === 'bot' ? 'bot' : 'agent'), 'data-seq': event.seq },
      el('div', { class: 'author', text: authorName(author) }), bubble);

    retireOptions();
    const options = [];
    const choices = Array.isArray(data.choices) ? data.choices.filter((c) => c && (c.title || c.payload)) : [];
    if (choices.length) {
      const group = el('div', { class: 'options choices', role: 'group', 'aria-label': t('didYouMean') },
        el('p', { class: 'options-label', text: t('didYouMean'), 'aria-hidden': 'true' }));
      for (const choice of choices.slice(0, 6)) {
        const label = String(choice.title || choice.payload);
        group.append(el('button', { type: 'button', class: 'chip', text: label,
          onclick: () => sendMessage(label, choice.payload != null ? String(choice.payload) : null) }));
      }
      row.append(group);
      options.push(group);
    }
    const replies = Array.isArray(data.quickReplies) ? data.quickReplies.filter((q) => q && (q.label || q.payload)) : [];
    if (replies.length) {
      const group = el('div', { class: 'options quick-replies', role: 'group', 'aria-label': t('suggestions') });
      for (const reply of replies.slice(0, 8)) {
        const label = String(reply.label || reply.payload);
        group.append(el('button', { type: 'button', class: 'chip', text: label,
          onclick: () => sendMessage(label, reply.payload != null ? String(reply.payload) : null) }));
      }
      row.append(group);
      options.push(group);
    }
    if (options.length) view.lastOptions = options;

    if (author.kind === 'bot' && data.feedback === true) {
      const box = el('div', { class: 'feedback', role: 'group', 'aria-label': t('helpful') });
      view.feedbackRows.set(event.seq, box);
      if (view.feedbackGiven.has(event.seq)) {
        box.append(el('span', { text: t('feedbackThanks') }));
      } else {
        box.append(el('span', { text: t('helpful') }),
          el('button', { type: 'button', class: 'helpful-yes', 'aria-label': t('helpfulYes'),
            onclick: () => sendFeedback(event.seq, true) }, icon(ICON_UP, false)),
          el('button', { type: 'button', class: 'helpful-no', 'aria-label': t('helpfulNo'),
            onclick: () => sendFeedback(event.seq, false) }, icon(ICON_DOWN, false)));
      }
      row.append(box);
    }
    row.append(el('div', { class: 'meta' }, timeLabel(event.at)));
    if (live && ui.panel.hidden) {
      unread++;
      renderBadge();
    }
    return row;
  }

  function systemRow(text, seq) {
    return el('div', { class: 'row system', 'data-seq': seq == null ? null : seq },
      el('p', { class: 'text', text }));
  }

  function markFeedbackGiven(seq) {
    view.feedbackGiven.add(seq);
    const box = view.feedbackRows.get(seq);
    if (box && !box.classList.contains('done')) {
      box.classList.add('done');
      box.replaceChildren(el('span', { text: t('feedbackThanks') }));
    }
  }

  /** Renders one event from the server or the cache; returns false if it was already shown. */
  function renderEvent(event, live) {
    if (view.seqs.has(event.seq)) return false;
    view.seqs.add(event.seq);
    const author = event.author || { kind: 'system' };
    const data = event.data && typeof event.data === 'object' ? event.data : {};
    switch (event.kind) {
      case 'message': {
        if (author.kind === 'visitor') {
          retireOptions();
          const row = ownRow(event.clientId || 'seq-' + event.seq, event.text || '', event.at);
          row.setAttribute('data-seq', event.seq);
          setRowState(row, 'sent');
          if (data.offlineMessage) view.offlineSent = data.email || true;
        } else {
          append(otherRow(event, live));
        }
        break;
      }
      case 'status':
        onStatus(data, event.seq);
        break;
      case 'feedback':
        if (Number.isSafeInteger(data.inReplyTo)) markFeedbackGiven(data.inReplyTo);
        break;
      case 'survey':
        view.surveyDone = true;
        break;
      default:
        break; // a kind this widget does not know: nothing to show
    }
    updatePanels();
    return true;
  }

  function onStatus(data, seq) {
    const status = typeof data.status === 'string' ? data.status : '';
    let note = null;
    switch (status) {
      case 'handoff_requested':
        view.handoffRequested = true;
        note = t('handoffRequested');
        break;
      case 'queued': note = t('queued'); break;
      case 'offered': note = t('offered'); break;
      case 'assigned': {
        const agent = data.agent && typeof data.agent === 'object' ? data.agent : {};
        view.agentName = agent.name ? String(agent.name) : t('agent');
        note = t('assigned', { name: view.agentName });
        break;
      }
      case 'closed': note = t('closed'); break;
      case 'offline': note = t('offline'); break;
      default: break;
    }
    if (OWNERSHIP.has(status)) {
      view.status = status;
      if (status === 'open') view.handoffRequested = false;
      if (status !== 'assigned' && status !== 'wrap_up') view.agentName = null;
      if (status !== 'queued') hideQueue();
    }
    if (note) append(systemRow(note, seq));
  }

  /** Which of the composer, the offline form and the survey is shown follows from the conversation's status. */
  function updatePanels() {
    const closed = view.status === 'closed';
    const offline = view.status === 'offline';
    ui.survey.card.hidden = !closed;
    if (closed && view.surveyDone) {
      ui.survey.form.hidden = true;
      ui.survey.thanks.hidden = false;
    }
    ui.offline.card.hidden = !offline;
    if (offline && view.offlineSent) {
      ui.offline.form.hidden = true;
      ui.offline.thanks.hidden = false;
      ui.offline.thanks.textContent = typeof view.offlineSent === 'string'
        ? t('offlineThanks', { email: view.offlineSent }) : t('offlineThanks', { email: '' });
    }
    ui.composer.hidden = closed;
    ui.newChat.hidden = !closed;
    ui.person.hidden = view.status !== 'open' || view.handoffRequested || !view.seqs.size;
    renderSubtitle();
  }

  let connection = 'idle'; // idle | connecting | online | reconnecting

  function renderSubtitle() {
    let text;
    if (connection === 'online' || connection === 'idle') {
      text = view.agentName ? t('chattingWith', { name: view.agentName }) : t('online');
    } else {
      text = t(connection === 'connecting' ? 'connecting' : 'reconnecting');
    }
    if (ui.subtitleText.textContent !== text) ui.subtitleText.textContent = text;
    ui.dot.classList.toggle('connecting', connection === 'connecting' || connection === 'reconnecting');
  }

  function setConnection(value) {
    connection = value;
    renderSubtitle();
  }

  function showQueue(position, etaSeconds) {
    ui.banner.replaceChildren();
    if (etaSeconds < 0) {
      ui.banner.append(el('strong', { text: t('queuePosition', { position }) }), document.createTextNode(' · '),
        document.createTextNode(t('queueNobody')));
    } else {
      ui.banner.append(el('strong', { text: t('queuePosition', { position }) }), document.createTextNode(' · '),
        document.createTextNode(t('queueEta', { minutes: Math.max(1, Math.round(etaSeconds / 60)) })));
    }
    ui.banner.hidden = false;
  }

  function hideQueue() {
    ui.banner.hidden = true;
    ui.banner.replaceChildren();
  }

  let typingHideTimer = null;
  function showTyping(author, on) {
    clearTimeout(typingHideTimer);
    ui.typing.replaceChildren();
    if (!on) return;
    const name = authorName(author || { kind: 'agent' });
    ui.typing.append(el('span', { class: 'dots', 'aria-hidden': 'true' }, el('span'), el('span'), el('span')),
      document.createTextNode(' ' + t('typing', { name })));
    typingHideTimer = setTimeout(() => showTyping(null, false), TYPING_SHOWN_MAX_MS);
  }

  // ---- the connection ----

  let socket = null;
  let synced = false;
  let started = false;
  let backoff = BACKOFF_START_MS;
  let reconnectTimer = null;
  let heartbeatTimer = null;
  let lastHeard = 0;
  let heartbeatMs = 25000;
  let pingId = 0;
  let forgetIdentity = false;
  let escalateWhenSynced = false;
  /** The host page's identity (data-visitor-* or identify()); sent with every hello, never stored locally. */
  let identity = config.identity;
  let helloCarriedIdentity = false;
  let limits = { maxMessageLength: 4000, messagesPerSecond: 5, messageBurst: 10 };

  function connect() {
    started = true;
    if (socket || reconnectTimer) return;
    openSocket();
  }

  function connectNow() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    started = true;
    if (!socket) openSocket();
  }

  function openSocket() {
    setConnection(connection === 'reconnecting' ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new WebSocket(config.socketUrl);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    socket = ws;
    synced = false;
    forgetIdentity = false;
    ws.onopen = () => ws.send(JSON.stringify(helloFrame()));
    ws.onmessage = (message) => {
      if (socket !== ws) return;
      lastHeard = Date.now();
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      if (frame && typeof frame.type === 'string') onFrame(frame);
    };
    ws.onclose = (close) => {
      if (socket === ws) disconnected(close.code, close.reason || '');
    };
    ws.onerror = () => { /* a close event follows */ };
  }

  function helloFrame() {
    const hello = { type: 'hello', locale: config.locale.slice(0, 35),
      page: location.href.slice(0, MAX_PAGE_LENGTH) };
    if (state.token) {
      hello.token = state.token;
      if (state.conversationId) {
        hello.conversationId = state.conversationId;
        hello.lastSeq = state.lastSeq;
      }
    }
    helloCarriedIdentity = identity !== null;
    if (identity) hello.visitor = identity;
    return hello;
  }

  /** Drops the current socket at once, without waiting for a closing handshake a dead network never completes. */
  function abandon(code, reason) {
    if (!socket) return;
    releaseSocket(4000, reason);
    disconnected(code, reason);
  }

  /** Lets go of the socket, if any: it sends nothing more here, and none of its connection state survives. */
  function releaseSocket(closeCode, reason) {
    const ws = socket;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close(closeCode, 'client: ' + reason);
      } catch (e) {
        // already closed
      }
    }
    socket = null;
    synced = false;
    sendQueue.length = 0;
    clearInterval(heartbeatTimer);
    heartbeatTimer = null;
    typingSent = false;
    showTyping(null, false);
  }

  function disconnected(code, reason) {
    releaseSocket(4000, reason);
    if (forgetIdentity || (code === 1008 && /token|not yours/i.test(reason))) {
      // The token or conversation is not valid here any more: become a new visitor, keep unsent messages.
      forgetConversation(true);
      backoff = BACKOFF_START_MS;
    }
    setConnection('reconnecting');
    scheduleReconnect();
  }

  function scheduleReconnect(delay) {
    if (reconnectTimer) return;
    const wait = delay != null ? delay : backoff * (0.8 + Math.random() * 0.4);
    backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      if (!socket) openSocket();
    }, wait);
  }

  function forgetConversation(dropToken) {
    if (dropToken) state.token = null;
    state.conversationId = null;
    state.lastSeq = 0;
    state.events = [];
    resetView();
    renderOutbox();
    save();
  }

  function startHeartbeat() {
    clearInterval(heartbeatTimer);
    lastHeard = Date.now();
    heartbeatTimer = setInterval(() => {
      if (!socket) return;
      if (Date.now() - lastHeard > heartbeatMs * 2 + 5000) {
        abandon(4001, 'no answer from the server');
        return;
      }
      sendFrame({ type: 'ping', id: ++pingId });
    }, heartbeatMs);
  }

  function sendFrame(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function onFrame(frame) {
    switch (frame.type) {
      case 'welcome': onWelcome(frame); break;
      case 'event': if (frame.event && Number.isSafeInteger(frame.event.seq)) onEvent(frame.event); break;
      case 'synced': onSynced(frame); break;
      case 'ack': onAck(frame); break;
      case 'error': onError(frame); break;
      case 'typing': showTyping(frame.author, frame.state === true); break;
      case 'queue':
        if (view.status === 'queued' && Number.isFinite(frame.position)) {
          showQueue(frame.position, Number.isFinite(frame.etaSeconds) ? frame.etaSeconds : -1);
        }
        break;
      case 'escalated':
        if (typeof frame.status === 'string' && OWNERSHIP.has(frame.status) && frame.status !== view.status) {
          view.status = frame.status;
          updatePanels();
        }
        break;
      default: break; // pong and frame types newer than this widget
    }
  }

  function onWelcome(frame) {
    if (state.conversationId && frame.conversationId !== state.conversationId) {
      forgetConversation(false);
    }
    state.token = frame.token;
    state.conversationId = frame.conversationId;
    if (typeof frame.status === 'string' && OWNERSHIP.has(frame.status)) view.status = frame.status;
    if (frame.limits && typeof frame.limits === 'object') limits = Object.assign(limits, frame.limits);
    ui.input.setAttribute('maxlength', String(limits.maxMessageLength));
    bucket.tokens = limits.messageBurst;
    if (Number.isFinite(frame.heartbeatIntervalMs) && frame.heartbeatIntervalMs >= 1000) {
      heartbeatMs = frame.heartbeatIntervalMs;
    }
    startHeartbeat();
    save();
  }

  function onEvent(event) {
    if (event.conversationId && state.conversationId && event.conversationId !== state.conversationId) return;
    if (event.seq > state.lastSeq) state.lastSeq = event.seq;
    if (!state.events.some((e) => e.seq === event.seq)) {
      state.events.push(event);
    }
    if (event.author && event.author.kind === 'visitor' && event.clientId) {
      settle(event.clientId); // stored: the event is as good as an ack
    }
    renderEvent(event, true);
    save();
  }

  function onSynced(frame) {
    if (Number.isSafeInteger(frame.lastSeq) && frame.lastSeq > state.lastSeq) state.lastSeq = frame.lastSeq;
    synced = true;
    backoff = BACKOFF_START_MS;
    setConnection('online');
    updatePanels();
    // Feedback, a survey or an offline message belong to the conversation they were written in; plain
    // messages follow the visitor into whichever conversation is open.
    state.outbox = state.outbox.filter((item) => item.frame.type === 'message' || !item.conversationId
      || item.conversationId === state.conversationId);
    save();
    for (const item of state.outbox) {
      if (!item.conversationId) item.conversationId = state.conversationId;
      if (!item.rejected) transmit(item);
    }
    if (escalateWhenSynced) {
      escalateWhenSynced = false;
      sendFrame({ type: 'escalate' });
    }
  }

  function onAck(frame) {
    if (frame.conversationId && state.conversationId && frame.conversationId !== state.conversationId) return;
    settle(frame.clientId);
  }

  function onError(frame) {
    const code = frame.code;
    if (code === 'invalid_field' && !synced && helloCarriedIdentity && socket) {
      // The server refused the host page's identity: chat anonymously rather than not at all.
      console.warn('Switchboard widget: visitor identity refused: ' + frame.message);
      identity = null;
      socket.send(JSON.stringify(helloFrame()));
      return;
    }
    if (code === 'invalid_token' || code === 'forbidden') {
      forgetIdentity = true; // the server closes the socket next
      return;
    }
    if (code === 'resume_ahead') {
      // The server lost events we saw (e.g. a restored database): show what it has from the start.
      const keep = state.conversationId;
      forgetConversation(false);
      state.conversationId = keep;
      return;
    }
    const item = frame.clientId && state.outbox.find((o) => o.frame.clientId === frame.clientId);
    if (!item) return;
    if (code === 'rate_limited' || code === 'store_failed') {
      const wait = Number.isFinite(frame.retryAfterMs) ? frame.retryAfterMs : 1000;
      setTimeout(() => {
        if (synced && state.outbox.includes(item) && !item.rejected) transmit(item);
      }, Math.max(100, wait));
      return;
    }
    // The server refused the frame itself (too long, invalid): resending it unchanged would fail again.
    if (item.frame.type !== 'message' && item.frame.type !== 'offline_message') {
      state.outbox.splice(state.outbox.indexOf(item), 1);
      save();
      return;
    }
    item.rejected = true;
    item.error = String(frame.message || code);
    setRowState(view.rows.get(item.frame.clientId), 'failed', item.error);
    save();
  }

  // ---- outgoing frames: an outbox persisted until acknowledged ----

  const bucket = { tokens: 10, at: Date.now() };
  const sendQueue = [];
  let pumpTimer = null;

  function transmit(item) {
    if (!sendQueue.includes(item)) sendQueue.push(item);
    pump();
  }

  /** Sends queued frames, pacing messages to the server's rate limit so a long outbox is not refused. */
  function pump() {
    clearTimeout(pumpTimer);
    pumpTimer = null;
    while (sendQueue.length && synced) {
      const item = sendQueue[0];
      if (!state.outbox.includes(item)) {
        sendQueue.shift();
        continue;
      }
      if (item.frame.type === 'message') {
        const now = Date.now();
        bucket.tokens = Math.min(limits.messageBurst, bucket.tokens + ((now - bucket.at) / 1000) * limits.messagesPerSecond);
        bucket.at = now;
        if (bucket.tokens < 1) {
          pumpTimer = setTimeout(pump, Math.ceil(((1 - bucket.tokens) / limits.messagesPerSecond) * 1000));
          return;
        }
        bucket.tokens -= 1;
      }
      sendQueue.shift();
      if (!sendFrame(item.frame)) return;
    }
  }

  function enqueue(frame, displayText) {
    const item = { frame, at: new Date().toISOString(), conversationId: state.conversationId };
    if (displayText != null) item.text = displayText;
    state.outbox.push(item);
    save();
    if (displayText != null) {
      retireOptions();
      setRowState(ownRow(frame.clientId, displayText, item.at), 'sending');
      scrollToEnd();
    }
    armAckTimer(item);
    if (synced) transmit(item);
    else connect();
    return item;
  }

  function armAckTimer(item) {
    setTimeout(() => {
      if (state.outbox.includes(item) && !item.rejected) {
        // Still waiting: say so, keep it queued for the next connection, and offer to try right away.
        setRowState(view.rows.get(item.frame.clientId), 'failed');
      }
    }, ACK_TIMEOUT_MS);
  }

  function settle(clientId) {
    const index = state.outbox.findIndex((o) => o.frame.clientId === clientId);
    if (index >= 0) {
      state.outbox.splice(index, 1);
      save();
    }
    const row = view.rows.get(clientId);
    if (row) setRowState(row, 'sent');
  }

  function renderOutbox() {
    for (const item of state.outbox) {
      const frame = item.frame;
      if (frame.type === 'message' || frame.type === 'offline_message') {
        const row = ownRow(frame.clientId, item.text || frame.text || '', item.at);
        setRowState(row, item.rejected ? 'failed' : 'sending', item.error);
        if (frame.type === 'offline_message') view.offlineSent = frame.email;
      } else if (frame.type === 'feedback') {
        markFeedbackGiven(frame.inReplyTo);
      } else if (frame.type === 'survey') {
        view.surveyDone = true;
      }
    }
    updatePanels();
  }

  function retryMessage(clientId) {
    const item = state.outbox.find((o) => o.frame.clientId === clientId);
    if (!item) return;
    item.rejected = false;
    delete item.error;
    save();
    setRowState(view.rows.get(clientId), 'sending');
    armAckTimer(item);
    if (synced) transmit(item);
    else connectNow();
  }

  function sendMessage(text, payload) {
    const frame = { type: 'message', clientId: newClientId(), text };
    if (payload) frame.payload = payload.slice(0, 256);
    stopTyping();
    enqueue(frame, text);
  }

  function sendFeedback(seq, helpful) {
    if (view.feedbackGiven.has(seq)) return;
    markFeedbackGiven(seq);
    enqueue({ type: 'feedback', clientId: newClientId(), inReplyTo: seq, helpful });
  }

  function escalate() {
    view.handoffRequested = true;
    ui.person.hidden = true;
    if (synced) sendFrame({ type: 'escalate' });
    else {
      escalateWhenSynced = true;
      connect();
    }
  }

  function startNewConversation() {
    forgetConversation(false);
    abandon(1000, 'new conversation');
    connectNow();
    ui.input.focus();
  }

  // ---- typing, debounced ----

  let typingSent = false;
  let typingTimer = null;

  function noteTyping() {
    if (!synced) return;
    if (!typingSent && ui.input.value.trim()) {
      typingSent = sendFrame({ type: 'typing', state: true });
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function stopTyping() {
    clearTimeout(typingTimer);
    if (typingSent) {
      typingSent = false;
      sendFrame({ type: 'typing', state: false });
    }
  }

  // ---- forms ----

  function onComposerSubmit(e) {
    e.preventDefault();
    const text = ui.input.value.trim();
    if (!text) return;
    if ([...text].length > limits.maxMessageLength) {
      ui.hint.textContent = t('tooLong', { max: limits.maxMessageLength });
      ui.hint.hidden = false;
      return;
    }
    ui.input.value = '';
    autosize(ui.input);
    sendMessage(text, null);
    ui.input.focus();
  }

  function onOfflineSubmit(e) {
    e.preventDefault();
    const c = ui.offline;
    const text = c.text.value.trim();
    const email = c.email.value.trim();
    c.error.hidden = true;
    c.text.removeAttribute('aria-invalid');
    c.email.removeAttribute('aria-invalid');
    if (!text) {
      return fieldError(c.text, t('emptyMessage'));
    }
    if (!EMAIL.test(email)) {
      return fieldError(c.email, t('invalidEmail'));
    }
    view.offlineSent = email;
    enqueue({ type: 'offline_message', clientId: newClientId(), text, email }, text);
    updatePanels();
    c.thanks.focus();
  }

  function fieldError(input, message) {
    const c = ui.offline;
    c.error.textContent = message;
    c.error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }

  function onSurveySubmit(e) {
    e.preventDefault();
    const rating = ui.survey.rating;
    if (rating < 1 || rating > 5) return;
    const frame = { type: 'survey', clientId: newClientId(), rating };
    const comment = ui.survey.comment.value.trim();
    if (comment) frame.comment = comment;
    view.surveyDone = true;
    enqueue(frame);
    updatePanels();
    ui.newChat.focus();
  }

  // ---- start ----

  function mount() {
    document.body.append(host);
    for (const event of [...state.events].sort((a, b) => a.seq - b.seq)) {
      renderEvent(event, false);
    }
    if (!state.events.length && state.lastSeq) {
      state.lastSeq = 0; // nothing cached to show: replay the whole conversation
    }
    renderOutbox();
    updatePanels();
    window.addEventListener('online', () => {
      if (started && !socket) connectNow();
    });
    window.addEventListener('storage', (e) => {
      // Another tab started a new conversation or lost its identity: follow it on the next connection.
      if (e.key === STORAGE_KEY && e.newValue === null) forgetConversation(true);
    });
    // A returning visitor with a conversation reconnects at once (live messages, unread badge); a new one
    // only when the panel opens, so a page view alone creates nothing on the server.
    if (state.conversationId || state.outbox.length) connect();
    if (state.open || config.autoOpen) openPanel(false);
  }

  const api = {
    open: () => openPanel(true),
    close: () => closePanel(false),
    toggle,
    /** The widget's shadow root (open), for tests and diagnostics. */
    root,
    /** Simulates a network drop: the socket goes away at once; reconnecting waits holdMs (default: backoff). */
    dropConnection(holdMs) {
      abandon(4002, 'dropped by dropConnection()');
      if (Number.isFinite(holdMs)) {
        clearTimeout(reconnectTimer);
        reconnectTimer = null;
        scheduleReconnect(holdMs);
      }
    },
    isConnected: () => synced,
    /**
     * Tells Switchboard who the visitor is ({name, email, externalId}); fields left out keep what was sent before.
     * A live connection reconnects at once (and resumes) so the server hears it now; otherwise the next one sends it.
     */
    identify(visitor) {
      const next = cleanIdentity(Object.assign({}, identity, visitor));
      if (JSON.stringify(next) === JSON.stringify(identity)) return;
      identity = next;
      if (socket) {
        abandon(4003, 'identity changed');
        connectNow();
      }
    },
    /**
     * The host page's sign-out: forgets the visitor (token, conversation, transcript, unsent messages) and the
     * identity, here and in the stored state (other tabs follow through the storage event), and closes the
     * connection. The next chat is a new, anonymous visitor; the old conversation stays on the server for agents.
     */
    reset() {
      identity = null;
      releaseSocket(1000, 'reset');
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
      started = false;
      escalateWhenSynced = false;
      backoff = BACKOFF_START_MS;
      state.outbox = [];
      forgetConversation(true);
      closePanel(false);
      setConnection('idle');
      // after the save forgetConversation queued: no stored state at all, as for a first visit
      queueMicrotask(() => storage.remove(STORAGE_KEY));
    },
    snapshot: () => JSON.parse(JSON.stringify({ conversationId: state.conversationId, lastSeq: state.lastSeq,
      outbox: state.outbox.map((o) => o.frame.clientId), status: view.status, connection })),
  };
  window.__switchboardWidget = api;
  window.SwitchboardWidget = api;

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
})();
