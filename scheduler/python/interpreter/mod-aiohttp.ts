/**
 * The simulated `aiohttp` of docs/simulated-network.md: a request is exactly one
 * `await asyncio.sleep(latency)` in the calling task, followed by a canned response. The sleep is
 * an ioWait, so the trace shows it as the request it stands for ("GET https://..." → "200 OK").
 */
import { ioWait } from '../../asyncio/sleep.ts';
import { named } from '../../asyncio/coroutines.ts';
import { OBJECT, PyDict, PyFloat, PyModule, makeClass, registerHostType, type Kw } from './values.ts';
import { CLIENT_ERROR } from './exceptions.ts';
import { bind, methods, properties } from './args.ts';
import { dictGet, dictSetRaw } from './keys.ts';
import { pyStr } from './repr.ts';
import type { Gen } from './frame.ts';
import type { HostAwaitable } from './exec.ts';
import type { Runtime } from './runtime.ts';

/** The text after the first '://' up to the first '/', '?' or '#'; '' without '://'. */
export function simulatedHost(url: string): string {
  const i = url.indexOf('://');
  if (i < 0) return '';
  const rest = url.slice(i + 3);
  const m = /[/?#]/.exec(rest);
  return m === null ? rest : rest.slice(0, m.index);
}

export function simulatedBody(url: string): string {
  const host = simulatedHost(url);
  return (
    `<!doctype html><html><head><title>${host}</title></head>` +
    `<body><h1>${host}</h1><p>Simulated response for ${url}</p></body></html>`
  );
}

export function defaultLatency(url: string): number {
  let sum = 0;
  for (const ch of url) sum += ch.codePointAt(0)!;
  return 0.1 + (sum % 400) / 1000;
}

export class ClientResponse {
  status = 200;
  reason = 'OK';
  ok = true;
  readonly body: string;
  constructor(
    readonly method: string,
    readonly url: string,
  ) {
    this.body = simulatedBody(url);
  }
  *aenter(): Gen<unknown> {
    return this;
  }
  *aexit(): Gen<unknown> {
    return false;
  }
}

export class RequestContextManager implements HostAwaitable {
  response: ClientResponse | null = null;
  constructor(
    readonly rt: Runtime,
    readonly method: string,
    readonly url: string,
  ) {}
  /** The request: one asyncio.sleep(latency(url)) in the calling task. */
  *send(): Gen<unknown> {
    const table = this.rt.global('LATENCY');
    let latency: unknown = undefined;
    if (table instanceof PyDict) latency = dictGet(table, this.url);
    let delay: number;
    if (latency === undefined) delay = defaultLatency(this.url);
    else if (latency instanceof PyFloat) delay = latency.v;
    else if (typeof latency === 'number') delay = latency;
    else if (typeof latency === 'boolean') delay = latency ? 1 : 0;
    else delay = Number(latency);
    const response = new ClientResponse(this.method, this.url);
    yield* ioWait(delay, null, `${this.method} ${this.url}`, `${response.status} ${response.reason}`);
    return response;
  }
  $await(): Gen<unknown> {
    return this.send();
  }
  *aenter(): Gen<unknown> {
    this.response = (yield* this.send()) as ClientResponse;
    return this.response;
  }
  *aexit(): Gen<unknown> {
    return false;
  }
}

export class ClientSession {
  closed = false;
  *aenter(): Gen<unknown> {
    return this;
  }
  *aexit(): Gen<unknown> {
    return false;
  }
}

export const CLIENT_SESSION = makeClass('ClientSession', OBJECT);
export const CLIENT_RESPONSE = makeClass('ClientResponse', OBJECT);
export const REQUEST_CM = makeClass('_RequestContextManager', OBJECT);
for (const c of [CLIENT_SESSION, CLIENT_RESPONSE, REQUEST_CM]) c.module = 'aiohttp';
registerHostType(ClientSession, CLIENT_SESSION);
registerHostType(ClientResponse, CLIENT_RESPONSE);
registerHostType(RequestContextManager, REQUEST_CM);

let installed = false;
let currentRuntime: Runtime | null = null;

function* immediate(value: unknown): Gen<unknown> {
  return value;
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const c of [CLIENT_SESSION, CLIENT_RESPONSE, REQUEST_CM]) c.pythonLevel = true;
  CLIENT_SESSION.native = () => new ClientSession();
  // Keyword arguments (data=, json=, headers=, timeout=...) are accepted and ignored.
  const request = (method: string) => (_s: ClientSession, a: unknown[], _kw: Kw) => {
    const [url] = bind(method.toLowerCase(), a.slice(0, 1), null, ['url']);
    return new RequestContextManager(currentRuntime!, method, pyStr(url));
  };
  methods(CLIENT_SESSION, {
    get: request('GET'),
    post: request('POST'),
    put: request('PUT'),
    delete: request('DELETE'),
    request: (_s: ClientSession, a: unknown[], _kw: Kw) => {
      const [method, url] = bind('request', a.slice(0, 2), null, ['method', 'url']);
      return new RequestContextManager(currentRuntime!, pyStr(method).toUpperCase(), pyStr(url));
    },
    close: (s: ClientSession) => {
      s.closed = true;
      return named('ClientSession.close', immediate(null));
    },
  });
  properties(CLIENT_SESSION, { closed: (s: ClientSession) => s.closed });
  CLIENT_RESPONSE.reprFn = (r: ClientResponse) => `<ClientResponse(${r.url}) [${r.status} ${r.reason}]>`;
  methods(CLIENT_RESPONSE, {
    text: (r: ClientResponse) => named('ClientResponse.text', immediate(r.body)),
    read: () => {
      throw new (CLIENT_ERROR.jsClass as unknown as new (m: string) => Error)('bytes are not supported in scenarios: use await response.text()');
    },
    json: (r: ClientResponse) => {
      const d = new PyDict();
      dictSetRaw(d, 'url', r.url);
      dictSetRaw(d, 'status', r.status);
      return named('ClientResponse.json', immediate(d));
    },
    release: () => null,
    close: () => null,
    raise_for_status: () => null,
  });
  properties(CLIENT_RESPONSE, {
    status: (r: ClientResponse) => r.status,
    reason: (r: ClientResponse) => r.reason,
    ok: (r: ClientResponse) => r.ok,
    url: (r: ClientResponse) => r.url,
    method: (r: ClientResponse) => r.method,
  });
}

export function makeAiohttpModule(rt: Runtime): PyModule {
  install();
  currentRuntime = rt;
  const m = new PyModule('aiohttp');
  m.attrs.set('ClientSession', CLIENT_SESSION);
  m.attrs.set('ClientResponse', CLIENT_RESPONSE);
  m.attrs.set('ClientError', CLIENT_ERROR);
  m.attrs.set('__version__', '0.0-simulated');
  return m;
}
