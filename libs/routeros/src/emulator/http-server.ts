import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { RouterOsFailure, type EmulatorResponse, type Session } from './emulator.model';
import type { FaultInjector, FaultSpec } from './faults';
import { handleRestRequest } from './request-handler';
import type { RouterState } from './router-state';

/** One HTTP exchange as the router saw it. `status` 0: no answer (reset or hung). */
export interface CallRecord {
  readonly method: string;
  /** URL path and query, `/rest` included. */
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
  readonly fault?: 'status' | 'reset' | 'timeout';
}

export interface ServerContext {
  readonly state: RouterState;
  readonly faults: FaultInjector;
  readonly calls: CallRecord[];
  /** RouterOS aborts requests that run longer than this (60 s, ROUTEROS-REST.md §1). */
  sessionLimitMs: number;
}

/** PEM key and certificate for the `www-ssl` flavour of the emulator. */
export interface TlsIdentity {
  readonly key: string;
  readonly cert: string;
}

/** A node:http(s) server for one router: auth, latency and faults, then the REST handler. */
export function createRouterServer(context: ServerContext, tls?: TlsIdentity): Server {
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    void serve(context, request, response).catch(() => response.destroy());
  };
  return tls ? createTlsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
}

async function serve(context: ServerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const raw = await readBody(request);
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://router');
  let body: unknown;
  try {
    body = raw.length > 0 ? JSON.parse(raw) : {};
  } catch {
    body = raw;
  }
  const record = (status: number, fault?: CallRecord['fault']): void => {
    context.calls.push({ method, path: `${url.pathname}${url.search}`, body, status, ...(fault ? { fault } : {}) });
  };
  const fault = context.faults.take(method, url.pathname);
  const delay = context.faults.latencyMs + (fault && typeof fault.fault === 'object' && 'delayMs' in fault.fault ? fault.fault.delayMs : 0);
  if (delay >= context.sessionLimitMs) {
    await sleep(context.sessionLimitMs);
    return reply(response, errorResponse(new RouterOsFailure(400, 'Session closed')), record);
  }
  if (delay > 0) await sleep(delay);
  if (fault && !fault.applied && interrupt(fault, response, record)) return;

  let result: EmulatorResponse;
  try {
    result = route(context.state, method, url, request.headers.authorization, body);
  } catch (error) {
    result = errorResponse(error instanceof RouterOsFailure ? error : new RouterOsFailure(500, String(error)));
  }
  if (fault?.applied && interrupt(fault, response, record)) return;
  reply(response, result, record);
}

function route(state: RouterState, method: string, url: URL, authorization: string | undefined, body: unknown): EmulatorResponse {
  if (url.pathname !== '/rest' && !url.pathname.startsWith('/rest/')) throw new RouterOsFailure(404);
  // RouterOS before 7.1beta4 has no REST API: its web server knows no /rest at all.
  if (!state.restAvailable) throw new RouterOsFailure(404);
  const session = authenticate(state, authorization);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RouterOsFailure(400, 'JSON parse error');
  const path = decodeURIComponent(url.pathname.slice('/rest'.length));
  return handleRestRequest(state, { method, path, query: url.searchParams, body: body as Record<string, unknown>, session });
}

/**
 * Basic auth only (ROUTEROS-REST.md §1): wrong credentials, a disabled user and a user whose
 * group lacks `rest-api` all get 401 (§6). When `rest-api` first appeared is not known [?];
 * the emulator asks for it on every release, as docs/mikrotik-setup.md does.
 */
function authenticate(state: RouterState, header: string | undefined): Session {
  const match = /^Basic (.+)$/i.exec(header ?? '');
  const decoded = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const session = colon < 0 ? undefined : state.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
  if (!session || !session.policies.has('rest-api')) throw new RouterOsFailure(401);
  return session;
}

/** Carries out a reset, hang or status fault; false for a pure delay, which answers normally. */
function interrupt(spec: FaultSpec, response: ServerResponse, record: (status: number, fault?: CallRecord['fault']) => void): boolean {
  const { fault } = spec;
  if (fault === 'reset') {
    record(0, 'reset');
    response.socket?.destroy();
    return true;
  }
  if (fault === 'timeout') {
    // Hold the request open; the client's timeout (or server close) ends it.
    record(0, 'timeout');
    return true;
  }
  if ('status' in fault) {
    const result = fault.body === undefined ? errorResponse(new RouterOsFailure(fault.status)) : { status: fault.status, body: fault.body };
    reply(response, result, (status) => record(status, 'status'));
    return true;
  }
  return false;
}

/** `{detail?, error, message}`, keys in the order RouterOS sends them (ROUTEROS-REST.md §6). */
export function errorResponse(failure: RouterOsFailure): EmulatorResponse {
  const message = STATUS_CODES[failure.status] ?? 'Error';
  const body = failure.detail === undefined ? { error: failure.status, message } : { detail: failure.detail, error: failure.status, message };
  return { status: failure.status, body };
}

function reply(response: ServerResponse, result: EmulatorResponse, record: (status: number) => void): void {
  record(result.status);
  if (result.body === undefined) {
    response.writeHead(result.status).end();
    return;
  }
  const text = JSON.stringify(result.body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (result.status === 401) headers['www-authenticate'] = 'Basic realm="rest"';
  response.writeHead(result.status, headers).end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
