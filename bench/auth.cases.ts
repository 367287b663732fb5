import { buildControlPlane, startControlPlane, type ControlPlaneProcess } from './control-plane-process';
import { openLoopLoad } from './load';
import { percentile, type CaseOutcome } from './measure';

const LOGINS = 40;
const RATE = 500;
const CONNECTIONS = 20;
const LOAD_MS = 10_000;
const PASSWORD = 'bench-password-1234!';

async function call(cp: ControlPlaneProcess, method: string, path: string, body: object | null, token: string | null = null): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  return fetch(`${cp.baseUrl}${path}`, { method, headers, body: body ? JSON.stringify(body) : null });
}

/** Signs in as the first admin (its one-time password is in the log) and sets a password of its own. */
async function adminToken(cp: ControlPlaneProcess): Promise<string> {
  const oneTime = /one-time password: (\S+)/.exec(cp.log())?.[1];
  if (!oneTime) throw new Error('the control plane printed no one-time password');
  const first = (await (await call(cp, 'POST', '/api/auth/login', { username: 'admin', password: oneTime })).json()) as { accessToken: string };
  const changed = await call(cp, 'POST', '/api/auth/password', { currentPassword: oneTime, newPassword: PASSWORD }, first.accessToken);
  if (!changed.ok) throw new Error(`changing the one-time password answered ${changed.status}`);
  return login(cp);
}

async function login(cp: ControlPlaneProcess): Promise<string> {
  const response = await call(cp, 'POST', '/api/auth/login', { username: 'admin', password: PASSWORD });
  if (!response.ok) throw new Error(`login answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** CPU milliseconds per request of `GET /api/wan` at RATE req/s, with these headers. */
async function cpuPerRequest(cp: ControlPlaneProcess, headers: Record<string, string>): Promise<{ ms: number; p99: number; errors: number }> {
  const options = { connections: CONNECTIONS, rate: RATE, durationMs: LOAD_MS, path: () => '/api/wan', headers };
  await openLoopLoad(cp.baseUrl, { ...options, durationMs: 2_000 }); // warm-up
  const before = cp.cpuMs();
  const load = await openLoopLoad(cp.baseUrl, options);
  return { ms: (cp.cpuMs() - before) / load.requests, p99: load.p99Ms, errors: load.errors };
}

/**
 * Multi-user sessions on PostgreSQL: login (argon2id) latency over LOGINS sequential sign-ins,
 * and what checking a bearer token and its session adds to a request: CPU per `GET /api/wan`
 * at 500 req/s, signed in, against the same request on a control plane in single-user mode
 * (no credentials, no session check) as the floor.
 */
async function sessionCase(): Promise<CaseOutcome> {
  buildControlPlane();
  const floorPlane = await startControlPlane('postgres', { AUTH_MODE: 'single-user' });
  let floor: Awaited<ReturnType<typeof cpuPerRequest>>;
  try {
    floor = await cpuPerRequest(floorPlane, {});
  } finally {
    await floorPlane.stop();
  }
  const cp = await startControlPlane('postgres', { AUTH_MODE: 'multi-user', RATE_LIMIT_AUTH: '0' });
  try {
    const token = await adminToken(cp);
    const logins: number[] = [];
    for (let i = 0; i < LOGINS; i++) {
      const started = performance.now();
      await login(cp);
      logins.push(performance.now() - started);
    }
    const signedIn = await cpuPerRequest(cp, { authorization: `Bearer ${token}` });
    if (signedIn.errors > 0 || floor.errors > 0) throw new Error(`non-200 answers under load: ${signedIn.errors} signed in, ${floor.errors} single-user`);
    const overhead = signedIn.ms - floor.ms;
    return {
      name: `login (argon2id), ${LOGINS} sequential sign-ins (PostgreSQL)`,
      target: 'reported (p99)',
      limitMs: Number.POSITIVE_INFINITY,
      medianMs: percentile(logins, 50),
      runs: [percentile(logins, 50), percentile(logins, 99)],
      passed: true,
      notes: `median column is the p50; runs are p50, p99`,
      related: [
        {
          name: `session check: CPU added to each signed-in request at ${RATE} req/s (GET /api/wan, PostgreSQL)`,
          target: '≤ 1 ms per request',
          limitMs: 1,
          medianMs: Math.max(0, overhead),
          runs: [],
          display: `${overhead.toFixed(3)} ms`,
          notes: `signed in ${signedIn.ms.toFixed(3)} ms CPU per request (p99 latency ${signedIn.p99.toFixed(1)} ms); floor: the same request on a single-user control plane (no session check) ${floor.ms.toFixed(3)} ms (p99 ${floor.p99.toFixed(1)} ms); ratio ${(signedIn.ms / floor.ms).toFixed(2)}×`,
        },
      ],
    };
  } finally {
    await cp.stop();
  }
}

export const AUTH_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'auth-sessions': sessionCase,
};
