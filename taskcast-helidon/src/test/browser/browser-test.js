'use strict';
/*
 * Browser test, run by .ci/browser-test.sh against the packaged server: headless Chromium
 * (Debian's /usr/bin/chromium, driven by playwright-core) talks to two running servers through a
 * cutting proxy (cutting-proxy.js) that drops SSE connections mid-stream.
 *
 *   1. A page's EventSource receives a task's replay and live events; the proxy cuts the stream
 *      three times (mid-replay, mid-live, and just before a frame's closing blank line); each time
 *      the browser reconnects on its own with Last-Event-ID and the server resumes after it: the
 *      page sees rawIndex 0..N-1 exactly once each, in order, then taskcast.done.
 *   2. The web console (/ui): task list with status filter; task detail with params, result and
 *      error; live timeline (EventSource) that survives a cut. Screenshots go to SCREEN_DIR.
 *   3. The console against a jwt-mode server: the token field, list and detail with the token,
 *      and the timeline read with fetch() + Authorization (no token in any URL), resuming with a
 *      Last-Event-ID header after a cut.
 *
 * Environment: TASKCAST_OPEN_URL (auth none), TASKCAST_JWT_URL + TASKCAST_JWT_SECRET (HS256),
 * SCREEN_DIR (default /tmp/console-screens), CHROMIUM (default /usr/bin/chromium).
 * Prints PASS:/FAIL: lines and `browser-test: N passed, N failed`; exits 1 on any failure.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { CuttingProxy } = require('./cutting-proxy');

const OPEN_URL = requiredEnv('TASKCAST_OPEN_URL');
const JWT_URL = requiredEnv('TASKCAST_JWT_URL');
const JWT_SECRET = requiredEnv('TASKCAST_JWT_SECRET');
const SCREEN_DIR = process.env.SCREEN_DIR || '/tmp/console-screens';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT_MS = 20000;

let passed = 0;
let failed = 0;

function requiredEnv(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`FAIL: environment variable ${name} not set`);
    process.exit(2);
  }
  return v.replace(/\/$/, '');
}

function pass(msg) {
  passed++;
  console.log('PASS: ' + msg);
}

function fail(msg) {
  failed++;
  console.log('FAIL: ' + msg);
}

function check(cond, msg, detail) {
  if (cond) pass(msg);
  else fail(msg + (detail === undefined ? '' : ' -- ' + (typeof detail === 'string' ? detail : JSON.stringify(detail))));
  return cond;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await sleep(50);
  }
}

function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// --- API client (directly to the servers, not through the proxy) ---------------------------------

function hs256(payload, secret) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64(payload);
  return unsigned + '.' + crypto.createHmac('sha256', secret).update(unsigned).digest('base64url');
}

function client(base, token) {
  async function call(method, p, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = 'Bearer ' + token;
    const res = await fetch(base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p} -> ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  const t = (id) => '/tasks/' + encodeURIComponent(id);
  return {
    create: (task) => call('POST', '/tasks', task),
    transition: (id, body) => call('PATCH', t(id) + '/status', body),
    publish: (id, ev) => call('POST', t(id) + '/events', ev),
    history: (id) => call('GET', t(id) + '/events/history'),
    get: (id) => call('GET', t(id)),
  };
}

function uniqueId(prefix) {
  return prefix + '-' + crypto.randomBytes(3).toString('hex');
}

// --- 1. EventSource resume ------------------------------------------------------------------------

async function eventSourceResume(browser, api, proxy) {
  const id = uniqueId('resume');
  await api.create({ id, type: 'browser.resume', params: { scenario: 'cuts' } });
  await api.transition(id, { status: 'running' }); // rawIndex 0
  for (let i = 1; i <= 9; i++) await api.publish(id, { type: 'step', level: 'info', data: { n: i } });

  const streamPath = '/tasks/' + encodeURIComponent(id) + '/events';
  proxy.planCuts(streamPath, [
    { after: 5, partial: 10 }, // mid-replay: 0..4 then a torn frame
    { after: 7, partial: 60 }, // live: torn inside the data line of the 8th frame
    { after: 4, beforeBlank: true }, // a frame complete but for its blank line: not dispatched
  ]);

  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${proxy.port}/health`);
  await page.evaluate((url) => {
    const state = { events: [], done: null, opens: 0, errors: 0 };
    window.__sse = state;
    const es = new EventSource(url);
    es.onopen = () => { state.opens++; };
    es.onerror = () => { state.errors++; };
    es.addEventListener('taskcast.event', (m) => {
      const e = JSON.parse(m.data);
      state.events.push({ rawIndex: e.rawIndex, eventId: e.eventId, lastEventId: m.lastEventId, type: e.type });
    });
    es.addEventListener('taskcast.done', (m) => {
      state.done = JSON.parse(m.data);
      es.close();
    });
  }, streamPath);
  const count = () => page.evaluate(() => window.__sse.events.length);

  await waitFor('replay of 10 events across the first cut', async () => (await count()) >= 10);
  await api.publish(id, { type: 'step', level: 'info', data: { n: 10 } });
  await api.publish(id, { type: 'step', level: 'info', data: { n: 11 } });
  await waitFor('live events 10 and 11', async () => (await count()) >= 12);
  // Event 12 arrives torn (cut 2); 13..19 are published while the browser waits to reconnect.
  for (let i = 12; i <= 19; i++) await api.publish(id, { type: 'step', level: 'info', data: { n: i } });
  await waitFor('resume after cuts 2 and 3', async () => (await count()) >= 20 && proxy.streamsFor(streamPath).length >= 4);
  for (let i = 20; i <= 24; i++) await api.publish(id, { type: 'step', level: 'info', data: { n: i } });
  await api.transition(id, { status: 'completed', result: { ok: true } }); // rawIndex 25
  await waitFor('taskcast.done', () => page.evaluate(() => window.__sse.done !== null));
  await sleep(300); // anything after done would be a bug

  const state = await page.evaluate(() => window.__sse);
  const raw = state.events.map((e) => e.rawIndex);
  check(sameList(raw, range(26)), 'EventSource: rawIndex 0..25 exactly once each, in order, across 3 mid-stream drops', raw);
  check(new Set(state.events.map((e) => e.eventId)).size === state.events.length, 'EventSource: no event id twice');
  check(state.done && state.done.reason === 'completed', 'EventSource: stream ends with taskcast.done {reason: completed}', state.done);
  check(state.events.every((e) => e.lastEventId === e.eventId), 'EventSource: each message id: line equals its eventId');

  const history = (await api.history(id)).map((e) => e.id);
  check(sameList(state.events.map((e) => e.eventId), history), 'EventSource: received ids equal the stored history');

  const streams = proxy.streamsFor(streamPath);
  const idAt = (i) => state.events[i] && state.events[i].eventId;
  check(streams.length === 4, 'proxy: 4 SSE connections (1 + 3 automatic reconnects)', streams.length);
  check(proxy.cuts.filter((c) => c.path === streamPath).length === 3, 'proxy: 3 connections cut mid-stream');
  check(streams[0] && streams[0].lastEventId === null, 'first request has no Last-Event-ID');
  const expected = [idAt(4), idAt(11), idAt(15)];
  const sent = streams.slice(1).map((s) => s.lastEventId);
  check(sameList(sent, expected),
    'reconnects carried Last-Event-ID of the last complete event (4, 11, and 15 - the undispatched 16th frame did not count)',
    { sent, expected });
  check(state.opens === 4 && state.errors === 3, 'EventSource: 4 opens, 3 errors', { opens: state.opens, errors: state.errors });
  await page.close();
}

// --- 2. Console against the open server --------------------------------------------------------------

async function seedConsoleTasks(api) {
  const tasks = {
    pending: uniqueId('resize-images'),
    completed: uniqueId('import-users'),
    failed: uniqueId('send-newsletter'),
    running: uniqueId('render-report'),
  };
  await api.create({ id: tasks.pending, type: 'images.resize', params: { bucket: 'uploads', sizes: [64, 256] }, ttl: 3600 });
  await api.create({ id: tasks.completed, type: 'import.csv', params: { file: 'users.csv' }, tags: ['nightly'] });
  await api.transition(tasks.completed, { status: 'running' });
  await api.publish(tasks.completed, [
    { type: 'import.progress', level: 'info', data: { rows: 500 } },
    { type: 'import.progress', level: 'info', data: { rows: 1000 } },
  ]);
  await api.transition(tasks.completed, { status: 'completed', result: { imported: 1000, skipped: 3 } });
  await api.create({ id: tasks.failed, type: 'email.batch', params: { list: 'weekly', count: 12000 } });
  await api.transition(tasks.failed, { status: 'running' });
  await api.publish(tasks.failed, { type: 'email.sent', level: 'info', data: { sent: 4200 } });
  await api.publish(tasks.failed, { type: 'smtp.error', level: 'error', data: { host: 'smtp.example.com', code: 421 } });
  await api.transition(tasks.failed, {
    status: 'failed',
    error: { code: 'SMTP_UNAVAILABLE', message: 'smtp.example.com refused the connection', details: { attempts: 3 } },
  });
  await api.create({ id: tasks.running, type: 'report.render', params: { report: 'q3-revenue', format: 'pdf', pages: 48 } });
  await api.transition(tasks.running, { status: 'running' });
  await api.publish(tasks.running, [
    { type: 'render.started', level: 'info', data: { engine: 'pdf', pages: 48 } },
    { type: 'render.progress', level: 'debug', data: { page: 8 } },
    { type: 'render.progress', level: 'debug', data: { page: 16 } },
  ]);
  return tasks;
}

/**
 * Uncaught exceptions and console errors of a page. Expected ones are left out: Chromium logs the
 * proxy's deliberate cuts as failed loads, and the 401 of a call made without a token.
 */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && !text.includes('net::ERR_INCOMPLETE_CHUNKED_ENCODING')
        && !text.includes('status of 401')) {
      errors.push(text);
    }
  });
  return errors;
}

async function timelineIndexes(page) {
  return page.$$eval('#timeline li', (lis) => lis.map((li) => Number(li.dataset.rawIndex)));
}

async function consoleOpen(browser, api, proxy) {
  const tasks = await seedConsoleTasks(api);
  const base = `http://127.0.0.1:${proxy.port}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const consoleErrors = watchErrors(page);

  // List.
  const res = await page.goto(base + '/ui');
  check(res && res.ok() && page.url() === base + '/ui/', 'GET /ui redirects to /ui/ and loads', page.url());
  await page.waitForSelector('#task-table tbody tr');
  for (const [status, id] of Object.entries(tasks)) {
    const row = page.locator(`#task-table tbody tr[data-task-id="${id}"]`);
    await row.waitFor();
    const badge = (await row.locator('.status').textContent()).trim();
    check(badge === status, `list shows ${id} as ${status}`, badge);
  }
  await page.waitForFunction(() => /auth: none/.test(document.getElementById('server-info').textContent));
  await page.screenshot({ path: path.join(SCREEN_DIR, 'console-list.png') });

  await page.selectOption('#status-filter', 'failed');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#task-table tbody tr')];
    return rows.length > 0 && rows.every((r) => r.dataset.status === 'failed');
  });
  const failedIds = await page.$$eval('#task-table tbody tr', (rows) => rows.map((r) => r.dataset.taskId));
  check(failedIds.includes(tasks.failed) && !failedIds.includes(tasks.running),
    'status filter "failed" lists only failed tasks (GET /tasks?status=failed)', failedIds);
  check(proxy.requests.some((r) => r.path === '/tasks?status=failed'), 'filter is applied by the server query');
  await page.screenshot({ path: path.join(SCREEN_DIR, 'console-list-failed.png') });

  // Failed task detail: error panel.
  await page.click(`#task-table tbody tr[data-task-id="${tasks.failed}"]`);
  await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'done');
  const errorText = await page.textContent('#d-error');
  check(errorText.includes('SMTP_UNAVAILABLE') && errorText.includes('refused the connection'),
    'failed task detail shows its error', errorText);
  check(sameList(await timelineIndexes(page), range(4)), 'failed task timeline replays its 4 events, then done');
  await page.screenshot({ path: path.join(SCREEN_DIR, 'console-detail-failed.png') });

  // Running task: live timeline through one mid-stream drop.
  const streamPath = '/tasks/' + encodeURIComponent(tasks.running) + '/events';
  proxy.planCuts(streamPath, [{ after: 6, partial: 40 }]);
  await page.goto(base + '/ui/');
  await page.selectOption('#status-filter', 'running');
  await page.click(`#task-table tbody tr[data-task-id="${tasks.running}"]`);
  await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'live');
  await page.waitForFunction(() => document.querySelectorAll('#timeline li').length === 4);
  const params = await page.textContent('#d-params');
  check(params.includes('"q3-revenue"') && params.includes('"pages": 48'), 'detail shows the params', params);
  check((await page.textContent('#d-status')).trim() === 'running', 'detail shows status running');
  for (let p = 24; p <= 32; p += 8) {
    await api.publish(tasks.running, { type: 'render.progress', level: 'debug', data: { page: p } });
    await sleep(150);
  }
  await page.waitForFunction(() => document.querySelectorAll('#timeline li').length === 6);
  check(sameList(await timelineIndexes(page), range(6)), 'timeline fills live (events 4 and 5 appended)');
  await api.publish(tasks.running, { type: 'render.warning', level: 'warn', data: { page: 41, message: 'font substituted' } }); // torn by the proxy
  await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'reconnecting');
  pass('console shows "reconnecting" after the server connection dropped');
  await api.publish(tasks.running, { type: 'render.progress', level: 'debug', data: { page: 48 } });
  await page.waitForFunction(() => document.querySelectorAll('#timeline li').length === 8, null, { timeout: WAIT_MS });
  await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'live');
  await page.screenshot({ path: path.join(SCREEN_DIR, 'console-detail-live.png') });
  await api.transition(tasks.running, { status: 'completed', result: { url: 'https://files.example.com/q3-revenue.pdf', pages: 48 } });
  await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'done');
  await page.waitForFunction(() => document.getElementById('d-result').textContent.includes('q3-revenue.pdf'));
  await page.waitForFunction(() => document.getElementById('d-status').textContent.trim() === 'completed');
  check(sameList(await timelineIndexes(page), range(9)), 'timeline: events 0..8 once each across the drop, ending with the completed status');
  check((await page.textContent('#stream-state')).includes('completed'), 'timeline shows done: completed');
  const streams = proxy.streamsFor(streamPath);
  const ids = await page.$$eval('#timeline li', (lis) => lis.map((li) => li.dataset.eventId));
  check(streams.length === 2 && streams[1].lastEventId === ids[5],
    'console EventSource reconnected with Last-Event-ID of event 5', streams.map((s) => s.lastEventId));
  await page.evaluate(() => document.getElementById('timeline').scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREEN_DIR, 'console-detail.png') });
  check(consoleErrors.length === 0, 'no JavaScript errors on the console pages', consoleErrors);
  await page.close();
}

// --- 3. Console against the jwt server -------------------------------------------------------------

async function consoleJwt(browser, proxy) {
  const token = hs256({ sub: 'browser-test', scope: ['*'] }, JWT_SECRET);
  const api = client(JWT_URL, token);
  const id = uniqueId('jwt-stream');
  await api.create({ id, type: 'secure.job', params: { secret: false, region: 'eu' } });
  await api.transition(id, { status: 'running' });
  await api.publish(id, [1, 2].map((n) => ({ type: 'secure.step', level: 'info', data: { n } })));

  const base = `http://127.0.0.1:${proxy.port}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const pageErrors = watchErrors(page);
  await page.goto(base + '/ui/');
  await page.waitForFunction(() => !document.getElementById('banner').hidden);
  const banner = await page.textContent('#banner');
  check(banner.includes('401') && banner.includes('Missing Bearer token'), 'jwt mode without a token: the console explains the 401', banner);

  await page.fill('#token', token);
  await page.click('#token-form button[type=submit]');
  await page.waitForSelector(`#task-table tbody tr[data-task-id="${id}"]`);
  pass('with the token typed in, the task list loads');
  check(await page.evaluate(() => document.getElementById('banner').hidden), 'banner cleared');

  const streamPath = '/tasks/' + encodeURIComponent(id) + '/events';
  proxy.planCuts(streamPath, [{ after: 4, partial: 30 }]);
  await page.click(`#task-table tbody tr[data-task-id="${id}"]`);
  await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'live');
  await page.waitForFunction(() => document.querySelectorAll('#timeline li').length === 3);
  for (let n = 3; n <= 6; n++) await api.publish(id, { type: 'secure.step', level: 'info', data: { n } }); // rawIndex 3..6; 4 torn
  await waitFor('fetch stream reconnect', () => proxy.streamsFor(streamPath).length >= 2);
  await page.waitForFunction(() => document.querySelectorAll('#timeline li').length === 7, null, { timeout: WAIT_MS });
  await api.transition(id, { status: 'completed', result: { ok: true } });
  await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'done');
  check(sameList(await timelineIndexes(page), range(8)), 'jwt timeline (fetch stream): events 0..7 once each across the drop');
  const streams = proxy.streamsFor(streamPath);
  const ids = await page.$$eval('#timeline li', (lis) => lis.map((li) => li.dataset.eventId));
  check(streams.length === 2 && streams.every((s) => s.authorization === 'Bearer ' + token),
    'every stream request carried the Authorization header', streams.map((s) => s.authorization && 'Bearer ...'));
  check(streams[0] && streams[0].lastEventId === null && streams[1] && streams[1].lastEventId === ids[3],
    'fetch stream reconnected with Last-Event-ID of event 3', streams.map((s) => s.lastEventId));
  const leaked = proxy.requests.filter((r) => r.path.includes(token) || /[?&](token|access_token|auth)=/i.test(r.path));
  check(leaked.length === 0, 'the token never appears in a URL', leaked.map((r) => r.path));
  await page.screenshot({ path: path.join(SCREEN_DIR, 'console-jwt-detail.png') });
  check(pageErrors.length === 0, 'no JavaScript errors in jwt mode', pageErrors);
  await page.close();
}

// --- main ------------------------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(SCREEN_DIR, { recursive: true });
  const openProxy = new CuttingProxy(Number(new URL(OPEN_URL).port));
  const jwtProxy = new CuttingProxy(Number(new URL(JWT_URL).port));
  await openProxy.listen();
  await jwtProxy.listen();
  // launch() starts Chromium with a fresh, empty profile (a new --user-data-dir) and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  }).catch((e) => {
    fail('launch ' + CHROMIUM + ': ' + e.message);
    return null;
  });
  if (browser) {
    pass('launched ' + browser.version() + ' from ' + CHROMIUM);
    const open = client(OPEN_URL);
    for (const [name, run] of [
      ['EventSource resume', () => eventSourceResume(browser, open, openProxy)],
      ['console (auth none)', () => consoleOpen(browser, open, openProxy)],
      ['console (jwt)', () => consoleJwt(browser, jwtProxy)],
    ]) {
      try {
        await run();
      } catch (e) {
        fail(name + ': ' + (e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e));
      }
    }
    await browser.close();
  }
  await openProxy.close();
  await jwtProxy.close();
  for (const f of fs.readdirSync(SCREEN_DIR).filter((f) => f.endsWith('.png')).sort()) {
    console.log('screenshot: ' + path.join(SCREEN_DIR, f));
  }
  console.log(`browser-test: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((e) => {
  console.log('FAIL: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
