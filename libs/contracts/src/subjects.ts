/**
 * Every NATS subject the control plane and agents use, and the permissions an agent's
 * credentials carry. Nothing else spells a subject: both sides build them here.
 *
 * An agent owns `wom.agent.<id>.>` and its inbox `_INBOX.<id>.>`; it can reach nothing
 * else, so a compromised agent cannot read or forge another agent's traffic. Payloads are
 * the protobuf messages of `wom.agent.v1`, binary-encoded.
 */

/** The root of every agent subject. */
export const AGENT_SUBJECT_ROOT = 'wom.agent';

/** The JetStream stream that keeps agent reports until the control plane has processed them. */
export const AGENT_REPORTS_STREAM = 'WOM_AGENT_REPORTS';

/** Captures `report.*` of every agent; `*` is the agent id. */
export const AGENT_REPORTS_STREAM_SUBJECT = `${AGENT_SUBJECT_ROOT}.*.report.>`;

/** The durable consumer through which the control plane reads the reports stream. */
export const AGENT_REPORTS_CONSUMER = 'wom-control-plane';

export const REPORT_KINDS = ['status', 'apply', 'drift', 'job', 'router'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Agent ids become subject tokens, so they may hold only characters that are not NATS
 * wildcards or separators. The control plane issues UUIDs, which pass.
 */
const AGENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidAgentId(agentId: string): boolean {
  return AGENT_ID_PATTERN.test(agentId);
}

function assertAgentId(agentId: string): void {
  if (!isValidAgentId(agentId)) {
    throw new Error(`Agent id "${agentId}" cannot be a NATS subject token (letters, digits, "-" and "_", up to 64).`);
  }
}

export interface AgentSubjectSet {
  /** Request/reply: the agent asks, the control plane replies with the full snapshot. */
  readonly desired: string;
  /** Control plane to agent: a newer revision exists. */
  readonly notify: string;
  readonly reportStatus: string;
  readonly reportApply: string;
  readonly reportDrift: string;
  readonly reportJob: string;
  /** Control plane to agent: run a job for a router behind the agent. */
  readonly jobDispatch: string;
  /** Control plane to agent: stop a job at its next step boundary. */
  readonly jobCancel: string;
  /** Request/reply at the agent's start: runs a crash cut off, to be restored from their backups. */
  readonly jobRecover: string;
  /** Control plane to agent: read the health of routers only the agent reaches. */
  readonly routerPoll: string;
  /** Agent to control plane (reports stream): one router's health. */
  readonly reportRouter: string;
}

/** The subject prefix every subject of one agent starts with, without the trailing dot. */
export function agentSubjectPrefix(agentId: string): string {
  assertAgentId(agentId);
  return `${AGENT_SUBJECT_ROOT}.${agentId}`;
}

export function agentSubjects(agentId: string): AgentSubjectSet {
  const prefix = agentSubjectPrefix(agentId);
  return {
    desired: `${prefix}.desired`,
    notify: `${prefix}.notify`,
    reportStatus: `${prefix}.report.status`,
    reportApply: `${prefix}.report.apply`,
    reportDrift: `${prefix}.report.drift`,
    reportJob: `${prefix}.report.job`,
    jobDispatch: `${prefix}.job.dispatch`,
    jobCancel: `${prefix}.job.cancel`,
    jobRecover: `${prefix}.job.recover`,
    routerPoll: `${prefix}.router.poll`,
    reportRouter: `${prefix}.report.router`,
  };
}

/**
 * Agent to control plane, request/reply: the reports of one dispatched run of a job. Only the
 * replica that dispatched the run listens here, so its answer (stored, or cancel) is the one
 * that counts; the run id is a fresh token per dispatch, so a stale run finds no listener.
 */
export function agentJobRunSubject(agentId: string, runId: string): string {
  if (!isValidAgentId(runId)) throw new Error(`Run id "${runId}" cannot be a NATS subject token.`);
  return `${agentSubjectPrefix(agentId)}.job.${runId}.report`;
}

/** The inbox prefix an agent must pass as the client's `inboxPrefix`; no other inbox is allowed. */
export function agentInboxPrefix(agentId: string): string {
  assertAgentId(agentId);
  return `_INBOX.${agentId}`;
}

/** Wildcards the control plane subscribes to, covering all agents. */
export const ALL_AGENTS = {
  desired: `${AGENT_SUBJECT_ROOT}.*.desired`,
  reports: AGENT_REPORTS_STREAM_SUBJECT,
  jobRunReports: `${AGENT_SUBJECT_ROOT}.*.job.*.report`,
  jobRecover: `${AGENT_SUBJECT_ROOT}.*.job.recover`,
} as const;

/** Every subject on which agents send requests that the control plane answers. */
export const AGENT_REQUEST_SUBJECTS: readonly string[] = [ALL_AGENTS.desired, ALL_AGENTS.jobRunReports, ALL_AGENTS.jobRecover];

/**
 * Whether a request's reply subject lies in the asking agent's own inbox. The control plane
 * answers no other: an agent must not be able to make it publish into another agent's
 * subjects or inbox by naming them as its reply.
 */
export function isOwnReply(agentId: string, reply: string | undefined): boolean {
  return reply !== undefined && isValidAgentId(agentId) && reply.startsWith(`${agentInboxPrefix(agentId)}.`) && !/[\s*>]/.test(reply);
}

export interface ParsedAgentSubject {
  readonly agentId: string;
  /** The part after the agent id, e.g. `report.status`. */
  readonly rest: string;
}

/** Splits `wom.agent.<id>.<rest>`; null for any other subject. */
export function parseAgentSubject(subject: string): ParsedAgentSubject | null {
  const root = `${AGENT_SUBJECT_ROOT}.`;
  if (!subject.startsWith(root)) return null;
  const remainder = subject.slice(root.length);
  const dot = remainder.indexOf('.');
  if (dot <= 0 || dot === remainder.length - 1) return null;
  const agentId = remainder.slice(0, dot);
  if (!isValidAgentId(agentId)) return null;
  return { agentId, rest: remainder.slice(dot + 1) };
}

/** The report kind of a `wom.agent.<id>.report.<kind>` subject; null for anything else. */
export function parseReportSubject(subject: string): { agentId: string; kind: ReportKind } | null {
  const parsed = parseAgentSubject(subject);
  if (!parsed?.rest.startsWith('report.')) return null;
  const kind = parsed.rest.slice('report.'.length);
  return (REPORT_KINDS as readonly string[]).includes(kind) ? { agentId: parsed.agentId, kind: kind as ReportKind } : null;
}

export interface AgentPermissions {
  readonly publish: { readonly allow: readonly string[] };
  readonly subscribe: { readonly allow: readonly string[] };
}

/**
 * The publish/subscribe allow lists of an agent's user JWT. Replies to the agent's own
 * requests arrive on its inbox; the JetStream acks of its report publishes do too, so it
 * needs no `$JS.API` permission.
 */
export function agentPermissions(agentId: string): AgentPermissions {
  const own = `${agentSubjectPrefix(agentId)}.>`;
  const inbox = `${agentInboxPrefix(agentId)}.>`;
  return {
    publish: { allow: [own] },
    subscribe: { allow: [own, inbox] },
  };
}
