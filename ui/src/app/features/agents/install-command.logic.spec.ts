import type { AgentInstallInfo } from '../../core/api.models';
import { EXPIRY_CHOICES, expiryText, installWarning } from './install-command.logic';

const info = (patch: Partial<AgentInstallInfo>): AgentInstallInfo => ({
  publicUrl: 'https://wom.example.com',
  scriptUrl: 'https://wom.example.com/install/agent.sh',
  natsUrls: ['nats://wom.example.com:4222'],
  reachableFromOtherHosts: true,
  warnings: [],
  executable: { sha256: 'a'.repeat(64), sizeBytes: 1 },
  ...patch,
});

describe('installWarning', () => {
  it('says nothing when boxes elsewhere can install', () => {
    expect(installWarning(info({}))).toBeNull();
    expect(installWarning(null)).toBeNull();
  });

  it('passes the control plane’s own sentences on when other hosts cannot reach it', () => {
    const loopback = 'The control plane’s public address is http://127.0.0.1:8080, which only this machine can reach. Set PUBLIC_URL …';
    expect(installWarning(info({ publicUrl: 'http://127.0.0.1:8080', reachableFromOtherHosts: false, warnings: [loopback] }))).toEqual({
      title: 'Boxes on other hosts cannot use this command yet',
      lines: [loopback],
    });
  });

  it('still explains an unreachable control plane that gave no reason', () => {
    expect(installWarning(info({ publicUrl: 'http://127.0.0.1:8080', reachableFromOtherHosts: false }))?.lines[0]).toContain('http://127.0.0.1:8080');
  });

  it('shows other warnings (no executable) under a milder headline', () => {
    expect(installWarning(info({ warnings: ['no agent executable'], executable: null }))).toEqual({ title: 'The install may not work yet', lines: ['no agent executable'] });
  });

  it('says why it could not check when the install facts failed to load', () => {
    expect(installWarning(null, 'HTTP 404')).toEqual({ title: 'Could not check whether other hosts can reach this control plane', lines: ['HTTP 404'] });
  });
});

describe('expiryText', () => {
  const now = Date.parse('2026-01-31T12:00:00Z');
  it.each([
    ['2026-02-01T12:00:00.000Z', '2026-02-01 12:00 UTC (in 1 day)'],
    ['2026-01-31T13:00:00.000Z', '2026-01-31 13:00 UTC (in 1 hour)'],
    ['2026-01-31T12:00:20.000Z', '2026-01-31 12:00 UTC (in 1 minute)'],
    ['2026-02-07T12:00:00.000Z', '2026-02-07 12:00 UTC (in 7 days)'],
    ['2026-01-31T11:00:00.000Z', '2026-01-31 11:00 UTC (expired)'],
    ['not a date', 'not a date'],
  ])('%s → %s', (at, text) => expect(expiryText(at, now)).toBe(text));

  it('offers lifetimes the API accepts (a minute to a year)', () => {
    for (const { seconds } of EXPIRY_CHOICES) expect(seconds >= 60 && seconds <= 365 * 86_400).toBe(true);
  });
});
