import type { Harness } from '../../__fixtures__/harness';
import type { EmulatedUser } from '../emulator.model';

/**
 * A probe pins one RouterOS behaviour: on a router of `version`, `request` (sent as `user`
 * after the `setup` requests, sent as admin unless they say) answers exactly `status` and `body`. Each probe
 * names where the behaviour is documented, so a disagreement with a real router can be
 * traced to its source and the source corrected, not just the emulator.
 */
export interface Probe {
  readonly behaviour: string;
  readonly version: string;
  readonly source: string;
  readonly user?: ProbeUser;
  readonly setup?: readonly ProbeRequest[];
  readonly request: ProbeRequest;
  readonly status: number;
  /** Compared with toEqual, so asymmetric matchers work; left out for an empty body. */
  readonly body?: unknown;
}

export interface ProbeRequest {
  readonly method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  /** Below `/rest`, query included; `{last}` stands for the `.id` the last setup request created. */
  readonly path: string;
  readonly body?: unknown;
  /** Setup steps only: who sends it (default admin). */
  readonly as?: ProbeUser;
}

/** Accounts every probe router has: the built-in groups, and users lacking one login policy each. */
const USERS = {
  admin: { name: 'admin', password: '', group: 'full' },
  reader: { name: 'reader', password: 'r', group: 'read' },
  writer: { name: 'writer', password: 'w', group: 'write' },
  noapi: { name: 'noapi', password: 'n', policies: ['read', 'write', 'rest-api'] },
  norest: { name: 'norest', password: 'n', policies: ['read', 'write', 'api'] },
} as const satisfies Record<string, EmulatedUser>;

export type ProbeUser = keyof typeof USERS;

/** `{detail, error, message}` as RouterOS sends a 400 (ROUTEROS-REST.md §6). */
export const badRequest = (detail: string) => ({ detail, error: 400, message: 'Bad Request' });
/** An authenticated user lacking a policy (ROUTEROS-REST.md §6). */
export const serverError = (detail: string) => ({ detail, error: 500, message: 'Internal Server Error' });
/** Any RouterOS row id: `*` and uppercase hex. */
export const ROW_ID = expect.stringMatching(/^\*[0-9A-F]+$/);

/** Runs one probe on a fresh router and returns what it answered, in the probe's own terms. */
export async function runProbe(harness: Harness, probe: Probe): Promise<{ status: number; body?: unknown }> {
  const router = await harness.router({ version: probe.version, users: Object.values(USERS) });
  const send = async (request: ProbeRequest, user: ProbeUser): Promise<{ status: number; body?: unknown }> => {
    const { name, password } = USERS[user];
    const response = await fetch(`${router.url}/rest${request.path}`, {
      method: request.method,
      headers: { authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`, 'content-type': 'application/json' },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const text = await response.text();
    return text === '' ? { status: response.status } : { status: response.status, body: JSON.parse(text) as unknown };
  };
  let last = '';
  for (const step of probe.setup ?? []) {
    const answer = await send(step, step.as ?? 'admin');
    if (answer.status >= 300) throw new Error(`setup ${step.method} ${step.path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    last = (answer.body as { '.id'?: string } | undefined)?.['.id'] ?? last;
  }
  return send({ ...probe.request, path: probe.request.path.replace('{last}', last) }, probe.user ?? 'admin');
}

/** What a probe expects, in the shape runProbe returns. */
export function expected(probe: Probe): { status: number; body?: unknown } {
  return probe.body === undefined ? { status: probe.status } : { status: probe.status, body: probe.body };
}
