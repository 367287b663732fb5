import type { ApiErrorBody, ApiFieldProblem } from './api.models';

/** An API failure as the console shows it: a headline, the detail, a next step, and per-field reasons. */
export interface ProblemView {
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly fix: string | null;
  readonly fields: readonly ApiFieldProblem[];
}

/** Headlines and next steps by error-code family, in the words of someone running the network. */
const FAMILIES: Record<string, { title: string; fix: string | null }> = {
  AUTH: { title: 'Sign-in problem', fix: 'Sign in again, or ask an admin for the role this needs.' },
  VALIDATION: { title: 'Some fields need attention', fix: 'Correct the fields marked below and try again.' },
  WAN: { title: 'WAN problem', fix: null },
  PEER: { title: 'Peer problem', fix: null },
  IPAM: { title: 'Address allocation problem', fix: 'Pick a free address or widen the WAN range in Settings.' },
  SERVICE: { title: 'Service problem', fix: null },
  CONFLICT: { title: 'Subnet conflict', fix: 'Open Conflicts to resolve it with NAT, isolation, renumbering or selective routing.' },
  ROUTEROS: { title: 'Router did not accept the request', fix: 'Check the management IP, port, credentials and that the REST API (www or www-ssl) is enabled.' },
  MIKROTIK: { title: 'MikroTik management problem', fix: 'Check the router settings of this peer and run Test Connection.' },
  JOB: { title: 'Job problem', fix: null },
  TEMPLATE: { title: 'Template problem', fix: null },
  RATE: { title: 'Too many requests', fix: 'Wait a minute and try again.' },
};

const BY_STATUS: Record<number, { title: string; fix: string | null }> = {
  0: { title: 'Control plane unreachable', fix: 'Check that the control plane is running and your network path to it.' },
  401: { title: 'Signed out', fix: 'Sign in again.' },
  403: { title: 'Not allowed for your role', fix: 'Ask an admin for the role this needs.' },
  404: { title: 'Not found', fix: 'It may have been deleted; reload the list.' },
  409: { title: 'Conflicts with the current state', fix: 'Reload and try again.' },
  429: { title: 'Too many requests', fix: 'Wait a minute and try again.' },
  501: { title: 'Not available yet', fix: 'This control plane does not offer this operation yet.' },
  503: { title: 'Service unavailable', fix: 'Wait a moment; the control plane or a router is busy.' },
};

function isErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ApiErrorBody).code === 'string' && typeof (body as ApiErrorBody).message === 'string';
}

/** The suggestion inside an API message ("… did you mean 10.0.0.0/24?", "… with POST /api/…"), if any. */
export function suggestedFix(message: string): string | null {
  const didYouMean = /did you mean [^?]+\?/i.exec(message);
  if (didYouMean) return capitalise(didYouMean[0]);
  const next = /(?:^|\.\s+)((?:Use|Set|Run|Open|Retry|Try|Choose|Pick|Delete|Remove|Add|Enable|Wait|Log in|Sign in)\b[^.]*\.)/.exec(message);
  return next?.[1] ?? null;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Turns any failed request into what the console shows. `status` 0 is a network failure.
 *
 * Example: `{status: 400, body: {code: 'VALIDATION.FAILED', message: '…', fields: [{field: 'name', reason: '…'}]}}`
 * → "Some fields need attention", with the field list.
 */
export function describeProblem(status: number, body: unknown): ProblemView {
  if (isErrorBody(body)) {
    const family = FAMILIES[body.code.split('.')[0] ?? ''] ?? BY_STATUS[status] ?? { title: 'Request failed', fix: null };
    const fields = Array.isArray(body.fields) ? body.fields.filter((f) => typeof f?.field === 'string' && typeof f?.reason === 'string') : [];
    return { code: body.code, title: family.title, detail: body.message, fix: suggestedFix(body.message) ?? family.fix, fields };
  }
  const known = BY_STATUS[status] ?? (status >= 500 ? { title: 'Control plane error', fix: 'Try again; if it persists, check the control plane log.' } : { title: 'Request failed', fix: null });
  const detail = typeof body === 'string' && body.length > 0 && body.length < 300 ? body : `HTTP ${status === 0 ? 'no response' : status}`;
  return { code: `HTTP.${status}`, title: known.title, detail, fix: known.fix, fields: [] };
}

/** Field reasons keyed by field name, for showing next to form inputs. */
export function fieldReasons(problem: ProblemView | null): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const { field, reason } of problem?.fields ?? []) reasons[field] ??= reason;
  return reasons;
}
