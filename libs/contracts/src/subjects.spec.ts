import {
  agentJobRunSubject,
  AGENT_REPORTS_STREAM_SUBJECT,
  agentInboxPrefix,
  agentPermissions,
  agentSubjects,
  ALL_AGENTS,
  isValidAgentId,
  parseAgentSubject,
  parseReportSubject,
} from './subjects';

const ID = '3f2a1c4e-0b6d-4e8f-9a7b-1c2d3e4f5a6b';

/** NATS subject matching: `*` is one token, `>` one or more trailing tokens. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

describe('agent subjects', () => {
  it('puts every subject of an agent under its own prefix', () => {
    const subjects = agentSubjects(ID);
    expect(subjects).toEqual({
      desired: `wom.agent.${ID}.desired`,
      notify: `wom.agent.${ID}.notify`,
      reportStatus: `wom.agent.${ID}.report.status`,
      reportApply: `wom.agent.${ID}.report.apply`,
      reportDrift: `wom.agent.${ID}.report.drift`,
      reportJob: `wom.agent.${ID}.report.job`,
      jobDispatch: `wom.agent.${ID}.job.dispatch`,
      jobCancel: `wom.agent.${ID}.job.cancel`,
      jobRecover: `wom.agent.${ID}.job.recover`,
      routerPoll: `wom.agent.${ID}.router.poll`,
      reportRouter: `wom.agent.${ID}.report.router`,
    });
    const { publish, subscribe } = agentPermissions(ID);
    for (const subject of Object.values(subjects)) {
      expect(publish.allow.some((allowed) => matches(allowed, subject))).toBe(true);
      expect(subscribe.allow.some((allowed) => matches(allowed, subject))).toBe(true);
    }
  });

  it('the reports stream captures exactly the report subjects', () => {
    const subjects = agentSubjects(ID);
    for (const subject of [subjects.reportStatus, subjects.reportApply, subjects.reportDrift, subjects.reportJob]) {
      expect(matches(AGENT_REPORTS_STREAM_SUBJECT, subject)).toBe(true);
    }
    const runReports = agentJobRunSubject(ID, 'run-1');
    for (const subject of [subjects.desired, subjects.notify, subjects.jobDispatch, subjects.jobCancel, runReports]) {
      expect(matches(AGENT_REPORTS_STREAM_SUBJECT, subject)).toBe(false);
    }
    // A run's reports are requests the agent's own permissions allow, and no other agent's.
    expect(agentPermissions(ID).publish.allow.some((allowed) => matches(allowed, runReports))).toBe(true);
    expect(agentPermissions('b-agent').publish.allow.some((allowed) => matches(allowed, runReports))).toBe(false);
    expect(() => agentJobRunSubject(ID, 'run.*')).toThrow(/subject token/);
    expect(matches(ALL_AGENTS.desired, subjects.desired)).toBe(true);
  });

  it("grants nothing of another agent's subjects, nor the whole space", () => {
    const other = agentSubjects('b-agent');
    const { publish, subscribe } = agentPermissions('a-agent');
    for (const subject of [...Object.values(other), '_INBOX.b-agent.x', '$JS.API.INFO', 'wom.agent.x']) {
      expect(publish.allow.some((allowed) => matches(allowed, subject))).toBe(false);
      expect(subscribe.allow.some((allowed) => matches(allowed, subject))).toBe(false);
    }
    expect(subscribe.allow).toContain(`${agentInboxPrefix('a-agent')}.>`);
    expect(publish.allow).not.toContain('>');
  });

  it.each(['', '*', '>', 'a.b', 'a b', 'x'.repeat(65), 'é'])('refuses %j as an agent id', (id) => {
    expect(isValidAgentId(id)).toBe(false);
    expect(() => agentSubjects(id)).toThrow(/cannot be a NATS subject token/);
    expect(() => agentInboxPrefix(id)).toThrow(/cannot be a NATS subject token/);
  });

  it('parses agent and report subjects back', () => {
    expect(parseAgentSubject(`wom.agent.${ID}.report.status`)).toEqual({ agentId: ID, rest: 'report.status' });
    expect(parseReportSubject(`wom.agent.${ID}.report.drift`)).toEqual({ agentId: ID, kind: 'drift' });
    expect(parseReportSubject(`wom.agent.${ID}.report.other`)).toBeNull();
    expect(parseReportSubject(`wom.agent.${ID}.desired`)).toBeNull();
    for (const subject of ['wom.agentx.a.b', 'wom.agent.', 'wom.agent.a', 'wom.agent.a.', 'other.a.b', 'wom.agent.*.x']) {
      expect(parseAgentSubject(subject)).toBeNull();
    }
  });
});
