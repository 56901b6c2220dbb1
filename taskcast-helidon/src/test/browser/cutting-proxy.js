'use strict';
/*
 * A test-only TCP proxy between the browser and a Taskcast server that can drop a task's SSE
 * connection in the middle of the stream, the way a failing load balancer or network would.
 *
 * Every request head going through is recorded (method, path, headers), so a test can check what
 * the browser sent when it reconnected (Last-Event-ID). For responses to GET /tasks/{id}/events the
 * proxy decodes the HTTP body (chunked or not) and counts the `event: taskcast.event` frames; a cut
 * plan armed for that path forwards N complete frames plus part of the next one, then destroys both
 * sides of the connection. The server sees a client disconnect; the browser sees a broken stream
 * and reconnects on its own.
 */
const net = require('node:net');

const SSE_PATH = /^\/tasks\/[^?]+\/events(\?.*)?$/;
const FRAME_MARKER = 'event: taskcast.event\n';

/** Incremental parser of one HTTP response: head, then the body as decoded text with raw offsets. */
class ResponseBodyTracker {
  constructor() {
    this.headDone = false;
    this.head = '';
    this.chunked = false;
    this.chunkState = 'size'; // size | data | dataEnd
    this.sizeLine = '';
    this.remaining = 0;
    this.body = ''; // decoded body text (latin1, one char per byte)
    this.rawConsumed = 0; // raw bytes of this response seen so far
    this.segments = []; // [{bodyStart, rawStart, length}] where decoded body bytes sit in the raw stream
  }

  /** Feeds raw bytes; returns nothing, grows `body` and `segments`. */
  feed(buf) {
    const text = buf.toString('latin1');
    let i = 0;
    const base = this.rawConsumed;
    if (!this.headDone) {
      const before = this.head.length;
      this.head += text;
      const end = this.head.indexOf('\r\n\r\n');
      if (end < 0) {
        this.rawConsumed += buf.length;
        return;
      }
      this.headDone = true;
      this.chunked = /\r\ntransfer-encoding:\s*chunked/i.test(this.head.slice(0, end));
      i = end + 4 - before;
      this.head = this.head.slice(0, end + 4);
    }
    while (i < text.length) {
      if (!this.chunked) {
        this.append(text.slice(i), base + i);
        i = text.length;
      } else if (this.chunkState === 'size') {
        const nl = text.indexOf('\n', i);
        if (nl < 0) {
          this.sizeLine += text.slice(i);
          i = text.length;
        } else {
          this.sizeLine += text.slice(i, nl);
          i = nl + 1;
          const size = parseInt(this.sizeLine.trim().split(';')[0], 16);
          this.sizeLine = '';
          this.remaining = Number.isNaN(size) ? 0 : size;
          this.chunkState = this.remaining > 0 ? 'data' : 'dataEnd';
        }
      } else if (this.chunkState === 'data') {
        const take = Math.min(this.remaining, text.length - i);
        this.append(text.slice(i, i + take), base + i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.chunkState = 'dataEnd';
      } else { // dataEnd: the CRLF after a chunk's data
        const nl = text.indexOf('\n', i);
        if (nl < 0) {
          i = text.length;
        } else {
          i = nl + 1;
          this.chunkState = 'size';
        }
      }
    }
    this.rawConsumed += buf.length;
  }

  append(s, rawStart) {
    if (!s) return;
    this.segments.push({ bodyStart: this.body.length, rawStart, length: s.length });
    this.body += s;
  }

  /** Raw offset (from the start of this response) just after decoded body offset `bodyOffset`. */
  rawOffsetAfter(bodyOffset) {
    for (const seg of this.segments) {
      if (bodyOffset > seg.bodyStart && bodyOffset <= seg.bodyStart + seg.length) {
        return seg.rawStart + (bodyOffset - seg.bodyStart);
      }
    }
    return null;
  }
}

class CuttingProxy {
  /** @param {number} targetPort port of the server on 127.0.0.1 */
  constructor(targetPort) {
    this.targetPort = targetPort;
    this.requests = []; // {conn, method, path, headers}
    this.sseStreams = []; // {conn, path, lastEventId, authorization, events, cut}
    this.cutPlans = new Map(); // path prefix -> [{after, partial?, beforeBlank?}]
    this.cuts = []; // {path, after, mode}
    this.sockets = new Set();
    this.nextConn = 1;
    this.server = net.createServer((client) => this.accept(client));
  }

  listen() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolve(this.port);
      });
    });
  }

  close() {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Cuts the next SSE connections whose path starts with `pathPrefix`, one plan per connection, in
   * order: `{after: n, partial: k}` forwards n complete event frames and the first k bytes of the
   * next; `{after: n, beforeBlank: true}` forwards the next frame up to (not including) its
   * terminating blank line, i.e. with its `id:` line but undispatched.
   */
  planCuts(pathPrefix, plans) {
    this.cutPlans.set(pathPrefix, plans.slice());
  }

  streamsFor(pathPrefix) {
    return this.sseStreams.filter((s) => s.path.startsWith(pathPrefix));
  }

  takePlan(path) {
    for (const [prefix, plans] of this.cutPlans) {
      if (path.startsWith(prefix) && plans.length > 0) return plans.shift();
    }
    return null;
  }

  accept(client) {
    const conn = this.nextConn++;
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    const state = { conn, reqBuf: '', sse: null, tracker: null, cutAt: null, dead: false };
    const kill = () => {
      state.dead = true;
      client.destroy();
      upstream.destroy();
    };
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', () => { this.sockets.delete(client); upstream.destroy(); });
    upstream.on('close', () => { this.sockets.delete(upstream); client.destroy(); });

    client.on('data', (buf) => {
      if (state.dead) return;
      this.sniffRequests(state, buf);
      upstream.write(buf);
    });
    upstream.on('data', (buf) => {
      if (state.dead) return;
      if (!state.tracker) {
        client.write(buf);
        return;
      }
      const rawStart = state.tracker.rawConsumed;
      state.tracker.feed(buf);
      this.countFrames(state);
      if (state.cutAt !== null && state.cutAt <= rawStart + buf.length) {
        const keep = Math.max(0, state.cutAt - rawStart);
        if (keep > 0) client.write(buf.subarray(0, keep));
        this.cuts.push({ path: state.sse.path, conn, plan: state.sse.plan });
        state.sse.cut = true;
        // Let the partial bytes leave before the connection goes. The timer only covers a peer
        // that never lets the end finish; at 50 ms a loaded machine sometimes fired it first, and
        // the reset dropped frames the browser had not read yet (a Last-Event-ID one event early).
        state.dead = true;
        client.end(() => client.destroy());
        upstream.destroy();
        setTimeout(() => client.destroy(), 2000);
        return;
      }
      client.write(buf);
    });
  }

  /** Records request heads (browsers do not pipeline; the requests here have no bodies). */
  sniffRequests(state, buf) {
    state.reqBuf += buf.toString('latin1');
    let end;
    while ((end = state.reqBuf.indexOf('\r\n\r\n')) >= 0) {
      const head = state.reqBuf.slice(0, end);
      state.reqBuf = state.reqBuf.slice(end + 4);
      const [requestLine, ...headerLines] = head.split('\r\n');
      const [method, path] = requestLine.split(' ');
      const headers = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const request = { conn: state.conn, method, path, headers };
      this.requests.push(request);
      if (method === 'GET' && SSE_PATH.test(path) && !path.includes('/events/history')) {
        state.sse = {
          conn: state.conn,
          path,
          lastEventId: headers['last-event-id'] ?? null,
          authorization: headers.authorization ?? null,
          events: 0,
          cut: false,
          plan: this.takePlan(path),
        };
        state.tracker = new ResponseBodyTracker();
        state.cutAt = null;
        state.scanFrom = 0;
        this.sseStreams.push(state.sse);
      } else {
        state.tracker = null;
      }
    }
  }

  /** Counts complete-or-started event frames of the SSE body and places the cut when due. */
  countFrames(state) {
    const { tracker, sse } = state;
    const body = tracker.body;
    let at;
    while ((at = body.indexOf(FRAME_MARKER, state.scanFrom)) >= 0) {
      state.scanFrom = at + FRAME_MARKER.length;
      const frameNumber = sse.events + 1; // 1-based number of this frame on this connection
      const frameEnd = body.indexOf('\n\n', at);
      if (frameEnd < 0) {
        state.scanFrom = at; // look at this frame again once it is complete
        if (sse.plan && frameNumber === sse.plan.after + 1 && sse.plan.partial !== undefined) {
          state.cutAt = tracker.rawOffsetAfter(at + sse.plan.partial) ?? state.cutAt;
        }
        break;
      }
      if (sse.plan && frameNumber === sse.plan.after + 1) {
        const cutBody = sse.plan.beforeBlank ? frameEnd + 1 : at + sse.plan.partial;
        state.cutAt = tracker.rawOffsetAfter(cutBody);
        break;
      }
      sse.events = frameNumber;
    }
  }
}

module.exports = { CuttingProxy };
