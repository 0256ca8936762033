// The HTTP/JSON surface of the server (gRPC JSON transcoding), with the bearer token of this tab.
const TOKEN = 'aggregator.token';
export const token = () => sessionStorage.getItem(TOKEN);
export const setToken = (value) => (value ? sessionStorage.setItem(TOKEN, value) : sessionStorage.removeItem(TOKEN));

/** An error answer of the API: HTTP status, gRPC status (google.rpc.Status JSON) and its details. */
export class ApiError extends Error {
  constructor(httpStatus, body) {
    super(body?.message || `HTTP ${httpStatus}`);
    this.httpStatus = httpStatus;
    this.code = body?.code;
    this.details = body?.details ?? [];
  }
  get denied() { return this.httpStatus === 403; }
  get unauthenticated() { return this.httpStatus === 401; }
  /** Field violations of a google.rpc.BadRequest detail: [{ field, description }]. */
  get violations() { return this.details.flatMap((d) => d.fieldViolations ?? []); }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  const t = token();
  if (t) h.Authorization = `Bearer ${t}`;
  return h;
}

async function send(method, path, body, signal) {
  const res = await fetch(path, {
    method, signal, cache: 'no-store',
    headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : {}; } catch { json = { message: text }; }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const get = (path, signal) => send('GET', path, undefined, signal);
export const post = (path, body, signal) => send('POST', path, body, signal);

const q = (params) => {
  const s = new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== ''));
  return s.size ? `?${s}` : '';
};
const unitYear = (unit, year) => `/v1/units/${encodeURIComponent(unit)}/years/${year}`;

export const api = {
  me: () => get('/v1/unit'),
  unit: (id) => get(`/v1/units/${encodeURIComponent(id)}`),
  rollup: (unit, year, { policy, listing } = {}, signal) => get(`${unitYear(unit, year)}/rollup${q({ policy, unitListing: listing })}`, signal),
  status: (unit, year) => get(`${unitYear(unit, year)}/status`),
  compare: (unit, year, metric) => get(`${unitYear(unit, year)}/compare${q({ metric })}`),
  summary: (unit, year) => get(`${unitYear(unit, year)}/summary`),
  submission: (unit, year, version) => get(`${unitYear(unit, year)}/submission${q({ version })}`),
  versions: (unit, year) => get(`${unitYear(unit, year)}/versions`),
  review: (unit, year, body) => post(`${unitYear(unit, year)}/review`, body),
  submit: (body) => post('/v1/submissions', body),
  backfill: (body) => post('/v1/backfill', body),
  preview: (body) => post('/v1/import:preview', body),
  export: (body) => post('/v1/export', body),
  template: (unit, year) => get(`${unitYear(unit, year)}/template`),
  audit: (unit, year, { pageSize, pageToken } = {}) => get(`${unitYear(unit, year)}/audit${q({ pageSize, pageToken })}`),
  verifyAudit: (unit, year) => get(`${unitYear(unit, year)}/audit:verify`),
  statusWatchPath: (unit, year) => `${unitYear(unit, year)}/status:watch`,
  rollupWatchPath: (unit, year) => `${unitYear(unit, year)}/rollup:watch`,
};

/**
 * Splits a byte stream of JSON messages (newline-delimited, concatenated, or one JSON array of them)
 * into whole top-level objects.
 */
export class JsonMessageSplitter {
  #buffer = ''; #depth = 0; #inString = false; #escape = false; #start = -1; #scan = 0;
  push(chunk) {
    this.#buffer += chunk;
    const out = [];
    const b = this.#buffer;
    for (let i = this.#scan; i < b.length; i++) {
      const ch = b[i];
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (ch === '\\') this.#escape = true;
        else if (ch === '"') this.#inString = false;
      } else if (ch === '"') {
        if (this.#depth > 0) this.#inString = true;
      } else if (ch === '{') {
        if (this.#depth++ === 0) this.#start = i;
      } else if (ch === '}' && this.#depth > 0 && --this.#depth === 0) {
        out.push(JSON.parse(b.slice(this.#start, i + 1)));
        this.#start = -1;
      }
    }
    if (this.#start >= 0) { this.#buffer = b.slice(this.#start); this.#start = 0; } else this.#buffer = '';
    this.#scan = this.#buffer.length;
    return out;
  }
}

/**
 * Follows a server-streaming route with fetch + ReadableStream (EventSource cannot send the
 * Authorization header). Calls onMessage per message; reconnects with backoff (1 s doubling to 30 s)
 * until stop() is called. onState('live' | 'retry' | error) reports the connection.
 */
export function watch(path, onMessage, onState) {
  const controller = new AbortController();
  let delay = 1000;
  (async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(path, { headers: headers(), signal: controller.signal, cache: 'no-store' });
        if (!res.ok) {
          let body = null; try { body = await res.json(); } catch { /* not JSON */ }
          const error = new ApiError(res.status, body);
          if (error.denied || error.unauthenticated) { onState?.(error); return; }
          throw error;
        }
        onState?.('live');
        delay = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        const splitter = new JsonMessageSplitter();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const message of splitter.push(value)) {
            if (message.error) throw new ApiError(500, message.error);
            onMessage(message);
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && (e.denied || e.unauthenticated)) { onState?.(e); return; }
      }
      if (controller.signal.aborted) return;
      onState?.('retry');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30000);
    }
  })();
  return { stop: () => controller.abort() };
}
