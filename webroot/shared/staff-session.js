/*
 * Staff sign-in for the agent console and the admin pages: the sign-in form (POST /api/auth/login), the token and
 * account in sessionStorage, the authenticated fetch and silent renewal (POST /api/auth/refresh). Vanilla JS, no
 * build step; load it before the page script. The page keeps what differs: who may use it, what starts after
 * sign-in, what stops at sign-out and where the renewed token is announced (reauth on its own socket).
 *
 * Markup it expects, the same on both pages: #login (the sign-in section), #login-form, #login-user, #login-pass,
 * #login-error and #app (hidden while signed out).
 */
(function () {
  'use strict';

  const RENEW_AT = 0.8;            // renew the token at this fraction of its lifetime (expiresIn)
  const RENEW_RETRY_MS = 5000;     // after a failed renewal that was not a 401 (offline, server error)
  const $ = (id) => document.getElementById(id);

  function safeJson(text) {
    try { return text ? JSON.parse(text) : null; } catch (e) { return null; }
  }

  /**
   * One page's staff session.
   *
   * options.storagePrefix  sessionStorage keys are PREFIX.token, PREFIX.account and PREFIX.renewAt; each page has
   *                        its own, so the console and the admin pages can be open side by side as different staff.
   * options.refusal(account)   the sign-in form's message when this page is not for the account, else null.
   * options.onSignedIn(answer, previousAccount)   after the form signed in (answer: token, expiresIn, account).
   * options.onRenewed(answer)  after a renewal, to reauth the page's socket with answer.token.
   * options.onSignedOut()      when the sign-in form is shown: stop whatever uses the token.
   */
  function createSession(options) {
    const tokenKey = options.storagePrefix + '.token';
    const accountKey = options.storagePrefix + '.account';
    const renewKey = options.storagePrefix + '.renewAt';
    let token = sessionStorage.getItem(tokenKey);
    let account = safeJson(sessionStorage.getItem(accountKey));
    let renewTimer = null;

    function showLogin(message) {
      clearTimeout(renewTimer);
      token = null;
      sessionStorage.removeItem(tokenKey);
      sessionStorage.removeItem(renewKey);
      $('app').hidden = true;
      $('login').hidden = false;
      $('login-error').textContent = message || '';
      if (options.onSignedOut) options.onSignedOut();
    }

    /**
     * The parsed JSON answer. A 401 shows the sign-in form before rejecting; other failures carry the server's
     * message.
     */
    async function api(method, path, body, contentType) {
      const headers = { 'Authorization': 'Bearer ' + token };
      let payload;
      if (body !== undefined) {
        headers['Content-Type'] = contentType || 'application/json';
        payload = typeof body === 'string' ? body : JSON.stringify(body);
      }
      const response = await fetch(path, { method, headers, body: payload });
      if (response.status === 401) {
        showLogin('Your session expired: sign in again.');
        throw new Error('unauthorized');
      }
      const text = await response.text();
      const json = text ? safeJson(text) : null;
      if (!response.ok) throw new Error((json && json.message) || ('HTTP ' + response.status));
      return json;
    }

    /** The renewal time is kept in sessionStorage and measured on this browser's clock, so a reload keeps it. */
    function adoptToken(json) {
      token = json.token;
      account = json.account || null;
      sessionStorage.setItem(tokenKey, json.token);
      sessionStorage.setItem(accountKey, JSON.stringify(json.account || {}));
      if (!(json.expiresIn > 0)) return;
      const renewAt = Date.now() + RENEW_AT * json.expiresIn * 1000;
      sessionStorage.setItem(renewKey, String(renewAt));
      scheduleRenewal(renewAt);
    }

    function scheduleRenewal(renewAt) {
      clearTimeout(renewTimer);
      renewTimer = setTimeout(renewToken, Math.max(0, renewAt - Date.now()));
    }

    /** A 401 has shown the sign-in form (api() does) and dropped the token, which ends renewing. */
    async function renewToken() {
      const renewing = token;
      if (!renewing) return;
      let json;
      try {
        json = await api('POST', '/api/auth/refresh');
      } catch (e) {
        if (token === renewing) renewTimer = setTimeout(renewToken, RENEW_RETRY_MS);
        return;
      }
      if (token !== renewing) return;   // signed out or in again meanwhile
      adoptToken(json);
      if (options.onRenewed) options.onRenewed(json);
    }

    /**
     * /ws/agent with the token as a subprotocol (a browser WebSocket sends no Authorization header), or null when
     * the browser refuses to open it. ws.token is the token it was opened with: when the token was renewed while
     * the socket was connecting, the page sends reauth once it opens.
     */
    function openAgentSocket() {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      let ws;
      try {
        ws = new WebSocket(scheme + '//' + location.host + '/ws/agent', ['switchboard.agent.v1', 'bearer.' + token]);
      } catch (e) {
        return null;
      }
      ws.token = token;
      return ws;
    }

    $('login-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      $('login-error').textContent = '';
      try {
        const response = await fetch('/api/auth/login', {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: $('login-user').value.trim(), password: $('login-pass').value })
        });
        const json = safeJson(await response.text());
        if (!response.ok || !json || !json.token) {
          $('login-error').textContent = (json && json.message) || 'Sign-in failed';
          return;
        }
        const refused = options.refusal ? options.refusal(json.account || {}) : null;
        if (refused) {
          $('login-error').textContent = refused;
          return;
        }
        const previous = account;
        adoptToken(json);
        $('login-pass').value = '';
        if (options.onSignedIn) options.onSignedIn(json, previous);
      } catch (err) {
        $('login-error').textContent = 'Cannot reach the server';
      }
    });

    return {
      get token() { return token; },
      get account() { return account; },
      api,
      openAgentSocket,
      showLogin,
      /** Forgets the account too, unlike an expiry, so the next sign-in starts afresh. */
      signOut() {
        sessionStorage.removeItem(accountKey);
        account = null;
        showLogin('');
      },
      /**
       * After a reload: true when a token is stored (its renewal is scheduled; none stored: renewed now), else the
       * sign-in form is shown.
       */
      resume() {
        if (!token) {
          showLogin('');
          return false;
        }
        scheduleRenewal(Number(sessionStorage.getItem(renewKey)) || 0);
        return true;
      }
    };
  }

  window.SwitchboardStaff = { createSession, safeJson };
})();
