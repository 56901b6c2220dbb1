/*
 * Taskcast web console: a read-only browser client of the public REST and SSE API, without a build
 * step or dependencies.
 *
 *   #/                task list (GET /tasks?status=&type=), refreshed every 5 s
 *   #/tasks/<id>      task detail (GET /tasks/{id}) and the live event timeline
 *                     (GET /tasks/{id}/events, SSE)
 *
 * Authentication: in jwt mode every API call needs "Authorization: Bearer <token>". The token typed
 * into the header field is kept in sessionStorage (this tab only) and sent with every call. A
 * browser EventSource cannot send headers, and the API deliberately accepts no token in the query
 * string, so with a token the timeline reads the stream with fetch() and a ReadableStream reader
 * (an SSE parser below), reconnecting by itself with the Last-Event-ID header like EventSource
 * does. Without a token it uses EventSource, which resumes with Last-Event-ID on its own.
 *
 * API addresses are relative to the console's folder (/ui/ -> /), so the console also works behind
 * a reverse proxy that mounts the server under a path prefix.
 */
(function () {
  'use strict';

  const API_BASE = new URL('../', document.baseURI);
  const TOKEN_KEY = 'taskcast.console.token';
  const LIST_REFRESH_MS = 5000;
  const DEFAULT_RETRY_MS = 2000;

  const $ = (id) => document.getElementById(id);

  let token = sessionStorage.getItem(TOKEN_KEY) || '';
  let authMode = null;
  let listTimer = null;
  let listSeq = 0;
  let detail = null; // {id, stream, seq}

  // --- helpers -------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function apiUrl(path) {
    return new URL(path, API_BASE);
  }

  function authHeaders() {
    return token ? { Authorization: 'Bearer ' + token } : {};
  }

  async function api(path) {
    const res = await fetch(apiUrl(path), {
      headers: Object.assign({ Accept: 'application/json' }, authHeaders()),
      cache: 'no-store',
    });
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const message = body && typeof body.error === 'string' ? body.error : (text || res.statusText);
      throw new ApiError(res.status, res.status + ' ' + message);
    }
    return body;
  }

  function taskPath(id) {
    return 'tasks/' + encodeURIComponent(id);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else if (k.startsWith('data-')) node.setAttribute(k, v);
        else node[k] = v;
      }
    }
    for (const c of children) {
      if (c !== null && c !== undefined) node.append(c);
    }
    return node;
  }

  function pad(n, width) {
    return String(n).padStart(width || 2, '0');
  }

  function formatTime(ms, withMillis) {
    if (typeof ms !== 'number') return '';
    const d = new Date(ms);
    const date = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
    const time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
    return withMillis ? time + '.' + pad(d.getMilliseconds(), 3) : date + ' ' + time;
  }

  function json(value) {
    return value === undefined ? '' : JSON.stringify(value, null, 2);
  }

  function statusBadge(status) {
    return el('span', { class: 'status status-' + status, text: status });
  }

  function showBanner(message) {
    const banner = $('banner');
    banner.textContent = message;
    banner.hidden = !message;
  }

  function explain(err) {
    if (err instanceof ApiError && err.status === 401) {
      return err.message + (token ? ' - check the token.' : ' - this server needs a token (field at the top right).');
    }
    if (err instanceof ApiError && err.status === 403) {
      return err.message + ' - the token lacks the scope event:subscribe or access to this task.';
    }
    return err.message || String(err);
  }

  // --- token and server info -------------------------------------------------------------------

  function renderTokenState() {
    $('token').value = token;
    $('token-state').textContent = token ? 'token set' : '';
  }

  async function loadServerInfo() {
    try {
      const root = await api('');
      const detailInfo = await api('health/detail').catch(() => null);
      authMode = detailInfo && detailInfo.auth ? detailInfo.auth.mode : null;
      $('server-info').textContent = root.name + ' ' + root.version + (authMode ? ' \u00b7 auth: ' + authMode : '');
    } catch (e) {
      $('server-info').textContent = 'server unreachable';
    }
  }

  // --- list view -------------------------------------------------------------------------------

  async function loadList() {
    const seq = ++listSeq;
    const params = new URLSearchParams();
    const status = $('status-filter').value;
    const type = $('type-filter').value.trim();
    if (status) params.set('status', status);
    if (type) params.set('type', type);
    const query = params.toString();
    try {
      const body = await api('tasks' + (query ? '?' + query : ''));
      if (seq !== listSeq) return;
      renderList(body.tasks || []);
      showBanner('');
    } catch (e) {
      if (seq !== listSeq) return;
      renderList([]);
      showBanner(explain(e));
    }
  }

  function renderList(tasks) {
    tasks.sort((a, b) => (b.createdAt || 0) - (a.createdAt || 0) || String(a.id).localeCompare(String(b.id)));
    const rows = tasks.map((t) => {
      const href = '#/' + taskPath(t.id);
      const row = el('tr', { 'data-task-id': t.id, 'data-status': t.status },
        el('td', { class: 'id' }, el('a', { href, text: t.id })),
        el('td', { text: t.type || '' }),
        el('td', null, statusBadge(t.status)),
        el('td', { class: 'time', text: formatTime(t.createdAt) }),
        el('td', { class: 'time', text: formatTime(t.updatedAt) }),
        el('td', { class: 'num', text: String(t.subscriberCount || 0) }));
      row.addEventListener('click', (ev) => {
        if (ev.target.tagName !== 'A') location.hash = href;
      });
      return row;
    });
    $('task-table').tBodies[0].replaceChildren(...rows);
    $('list-empty').hidden = tasks.length > 0;
    $('list-count').textContent = tasks.length + (tasks.length === 1 ? ' task' : ' tasks');
  }

  function scheduleListRefresh() {
    clearInterval(listTimer);
    listTimer = null;
    if ($('auto-refresh').checked) {
      listTimer = setInterval(() => {
        if (!$('list-view').hidden) loadList();
      }, LIST_REFRESH_MS);
    }
  }

  // --- detail view -----------------------------------------------------------------------------

  async function loadTask(id, seq) {
    try {
      const task = await api(taskPath(id));
      if (!detail || detail.seq !== seq) return null;
      renderTask(task);
      showBanner('');
      return task;
    } catch (e) {
      if (detail && detail.seq === seq) showBanner(explain(e));
      return null;
    }
  }

  function renderTask(t) {
    $('d-id').textContent = t.id;
    $('d-status').replaceWith(Object.assign(statusBadge(t.status), { id: 'd-status' }));
    const fields = [
      ['Type', t.type],
      ['Created', formatTime(t.createdAt)],
      ['Updated', formatTime(t.updatedAt)],
      ['Completed', t.completedAt ? formatTime(t.completedAt) : undefined],
      ['TTL', t.ttl ? t.ttl + ' s' : undefined],
      ['Tags', t.tags && t.tags.length ? t.tags.join(', ') : undefined],
      ['Subscribers', String(t.subscriberCount || 0)],
    ];
    const dl = $('d-fields');
    dl.replaceChildren();
    for (const [k, v] of fields) {
      if (v === undefined || v === '') continue;
      dl.append(el('dt', { text: k }), el('dd', { text: v }));
    }
    $('d-params').textContent = t.params === undefined ? '\u2014' : json(t.params);
    $('d-result').textContent = t.result === undefined ? '\u2014' : json(t.result);
    $('d-error').textContent = t.error === undefined ? '\u2014' : json(t.error);
    $('d-error-panel').classList.toggle('has-error', t.error !== undefined);
  }

  function setStreamState(state, text) {
    const node = $('stream-state');
    node.dataset.state = state;
    node.textContent = text || state;
  }

  function addTimelineEntry(ev) {
    const dataText = ev.data === undefined ? '' : JSON.stringify(ev.data);
    const isStatus = ev.type === 'taskcast:status';
    const entry = el('li', {
      class: 'event level-' + (ev.level || 'info') + (isStatus ? ' status-event' : ''),
      'data-raw-index': String(ev.rawIndex),
      'data-event-id': ev.eventId,
    },
    el('span', { class: 'idx', text: '#' + ev.rawIndex }),
    el('span', { class: 'time', text: formatTime(ev.timestamp, true) }),
    el('span', { class: 'type', text: ev.type }),
    el('span', { class: 'level', text: ev.level || '' }),
    ev.seriesSnapshot ? el('span', { class: 'tag', text: 'snapshot' }) : null,
    ev.seriesId ? el('span', { class: 'tag', text: 'series ' + ev.seriesId }) : null,
    el('code', { class: 'data', text: dataText, title: 'click to expand' }));
    entry.addEventListener('click', () => {
      const expanded = entry.classList.toggle('expanded');
      entry.querySelector('.data').textContent = expanded ? json(ev.data) : dataText;
    });
    $('timeline').append(entry);
    $('timeline-empty').hidden = true;
    entry.scrollIntoView({ block: 'nearest' });
  }

  function closeDetailStream() {
    if (detail && detail.stream) {
      detail.stream.close();
      detail.stream = null;
    }
  }

  async function openDetail(id) {
    closeDetailStream();
    const seq = (detail ? detail.seq : 0) + 1;
    detail = { id, seq, stream: null, count: 0 };
    $('d-id').textContent = id;
    $('d-fields').replaceChildren();
    for (const p of ['d-params', 'd-result', 'd-error']) $(p).textContent = '';
    $('timeline').replaceChildren();
    $('timeline-empty').hidden = false;
    $('stream-info').textContent = '';
    setStreamState('connecting');
    const task = await loadTask(id, seq);
    if (!task || !detail || detail.seq !== seq) {
      setStreamState('closed', 'not streaming');
      return;
    }
    const current = detail;
    const handlers = {
      open() {
        setStreamState('live');
      },
      event(payload) {
        current.count++;
        addTimelineEntry(payload);
        $('stream-info').textContent = current.count + (current.count === 1 ? ' event' : ' events');
        if (payload.type === 'taskcast:status') loadTask(id, seq);
      },
      done(reason) {
        setStreamState('done', 'done: ' + reason);
        loadTask(id, seq);
      },
      reconnecting() {
        setStreamState('reconnecting', 'reconnecting\u2026');
      },
      failed(message) {
        setStreamState('error', message);
      },
    };
    const url = apiUrl(taskPath(id) + '/events');
    current.stream = token ? fetchEventStream(url, authHeaders(), handlers) : eventSourceStream(url, handlers);
  }

  // --- SSE transports --------------------------------------------------------------------------

  /** EventSource (no token): the browser reconnects by itself, sending Last-Event-ID. */
  function eventSourceStream(url, handlers) {
    const source = new EventSource(url);
    let finished = false;
    source.onopen = () => handlers.open();
    source.addEventListener('taskcast.event', (m) => handlers.event(JSON.parse(m.data)));
    source.addEventListener('taskcast.done', (m) => {
      finished = true;
      source.close();
      let reason = '';
      try {
        reason = JSON.parse(m.data).reason;
      } catch (e) {
        reason = m.data;
      }
      handlers.done(reason);
    });
    source.onerror = () => {
      if (finished) return;
      if (source.readyState === EventSource.CLOSED) {
        handlers.failed('stream refused (the server answered with an error)');
      } else {
        handlers.reconnecting();
      }
    };
    return { close: () => { finished = true; source.close(); } };
  }

  /**
   * fetch() + ReadableStream (token set): an SSE client following the EventSource processing model
   * (WHATWG HTML "server-sent events"): fields event/data/id/retry, dispatch on a blank line, the
   * last event id updated only on dispatch, reconnect after the retry delay with Last-Event-ID.
   * An HTTP error answer (401, 403, 404) ends the stream like EventSource's "fail the connection".
   */
  function fetchEventStream(url, headers, handlers) {
    const controller = new AbortController();
    let lastEventId = '';
    let retryMs = DEFAULT_RETRY_MS;
    let finished = false;

    function dispatch(type, data, id) {
      lastEventId = id;
      if (data === null) return;
      if (type === 'taskcast.event') {
        handlers.event(JSON.parse(data));
      } else if (type === 'taskcast.done') {
        finished = true;
        let reason = '';
        try {
          reason = JSON.parse(data).reason;
        } catch (e) {
          reason = data;
        }
        handlers.done(reason);
        controller.abort();
      }
    }

    async function connectOnce() {
      const h = Object.assign({ Accept: 'text/event-stream' }, headers);
      if (lastEventId) h['Last-Event-ID'] = lastEventId;
      const res = await fetch(url, { headers: h, cache: 'no-store', signal: controller.signal });
      if (!res.ok) {
        let message = res.status + ' ' + res.statusText;
        try {
          const body = await res.json();
          if (body && body.error) message = res.status + ' ' + body.error;
        } catch (e) {
          // keep the status line
        }
        throw Object.assign(new Error(message), { fatal: true });
      }
      handlers.open();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let eventType = '';
      let data = null;
      let idBuffer = lastEventId;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let lineEnd;
        while ((lineEnd = buffer.search(/\r\n|\r|\n/)) >= 0) {
          if (buffer[lineEnd] === '\r' && lineEnd === buffer.length - 1) break; // maybe \r\n split
          const line = buffer.slice(0, lineEnd);
          buffer = buffer.slice(lineEnd + (buffer.startsWith('\r\n', lineEnd) ? 2 : 1));
          if (line === '') {
            if (data !== null) dispatch(eventType || 'message', data, idBuffer);
            else lastEventId = idBuffer;
            if (finished) return;
            eventType = '';
            data = null;
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let val = colon < 0 ? '' : line.slice(colon + 1);
          if (val.startsWith(' ')) val = val.slice(1);
          if (field === 'event') eventType = val;
          else if (field === 'data') data = data === null ? val : data + '\n' + val;
          else if (field === 'id' && !val.includes('\0')) idBuffer = val;
          else if (field === 'retry' && /^\d+$/.test(val)) retryMs = Number(val);
        }
      }
    }

    (async () => {
      while (!finished) {
        try {
          await connectOnce();
        } catch (e) {
          if (finished || controller.signal.aborted) return;
          if (e.fatal) {
            finished = true;
            handlers.failed(e.message);
            return;
          }
        }
        if (finished || controller.signal.aborted) return;
        handlers.reconnecting();
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    })();
    return { close: () => { finished = true; controller.abort(); } };
  }

  // --- routing ---------------------------------------------------------------------------------

  function route() {
    const hash = location.hash || '#/';
    const match = /^#\/tasks\/(.+)$/.exec(hash);
    if (match) {
      let id;
      try {
        id = decodeURIComponent(match[1]);
      } catch (e) {
        id = match[1];
      }
      $('list-view').hidden = true;
      $('detail-view').hidden = false;
      document.title = id + ' \u00b7 Taskcast console';
      openDetail(id);
    } else {
      closeDetailStream();
      detail = null;
      $('detail-view').hidden = true;
      $('list-view').hidden = false;
      document.title = 'Taskcast console';
      loadList();
    }
  }

  function init() {
    renderTokenState();
    $('token-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      token = $('token').value.trim();
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      else sessionStorage.removeItem(TOKEN_KEY);
      renderTokenState();
      route();
    });
    $('token-clear').addEventListener('click', () => {
      token = '';
      sessionStorage.removeItem(TOKEN_KEY);
      renderTokenState();
      route();
    });
    $('status-filter').addEventListener('change', loadList);
    $('type-filter').addEventListener('change', loadList);
    $('refresh').addEventListener('click', loadList);
    $('auto-refresh').addEventListener('change', scheduleListRefresh);
    window.addEventListener('hashchange', route);
    scheduleListRefresh();
    loadServerInfo();
    route();
  }

  init();
}());
