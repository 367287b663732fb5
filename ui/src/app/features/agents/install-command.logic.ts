import type { AgentInstallInfo } from '../../core/api.models';

/** Token lifetimes the forms offer; the API takes anything from a minute to a year. */
export const EXPIRY_CHOICES: readonly { readonly seconds: number; readonly label: string }[] = [
  { seconds: 3_600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 30 * 86_400, label: '30 days' },
];

/** The API's own default: long enough to reach a site, short enough not to linger. */
export const DEFAULT_EXPIRY_SECONDS = 86_400;

/** A warning shown under an install command: a headline and the control plane's own sentences. */
export interface InstallWarning {
  readonly title: string;
  readonly lines: readonly string[];
}

/**
 * What to tell the operator about the install command, from `GET /api/agents/install`.
 * Unreachable (e.g. a loopback PUBLIC_URL) comes first, because the command then fails on
 * every other host; other warnings (no agent executable built) still stop an install.
 * `failure` is why the facts could not be read; the command itself is still right.
 *
 * Example: `{reachableFromOtherHosts: false, warnings: ['PUBLIC_URL is loopback…']}`
 * → `{title: 'Boxes on other hosts cannot use this command yet', lines: ['PUBLIC_URL is loopback…']}`.
 */
export function installWarning(info: AgentInstallInfo | null, failure: string | null = null): InstallWarning | null {
  if (info === null) {
    return failure === null ? null : { title: 'Could not check whether other hosts can reach this control plane', lines: [failure] };
  }
  if (!info.reachableFromOtherHosts) {
    const lines = info.warnings.length > 0 ? info.warnings : [`The control plane's public address is ${info.publicUrl}. Set PUBLIC_URL to the address boxes use to reach it.`];
    return { title: 'Boxes on other hosts cannot use this command yet', lines };
  }
  return info.warnings.length > 0 ? { title: 'The install may not work yet', lines: info.warnings } : null;
}

/**
 * When a token expires, absolute (UTC, to the minute) and relative, for the one-time panel.
 *
 * Example: `expiryText('2026-02-01T12:00:00.000Z', Date.parse('2026-01-31T12:00:00Z'))`
 * → `2026-02-01 12:00 UTC (in 1 day)`.
 */
export function expiryText(expiresAt: string, now: number = Date.now()): string {
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return expiresAt;
  const absolute = `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const seconds = Math.round((at - now) / 1000);
  if (seconds <= 0) return `${absolute} (expired)`;
  return `${absolute} (in ${roughDuration(seconds)})`;
}

function roughDuration(seconds: number): string {
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  if (seconds < 3_600) return unit(Math.max(1, Math.round(seconds / 60)), 'minute');
  if (seconds < 86_400) return unit(Math.round(seconds / 3_600), 'hour');
  return unit(Math.round(seconds / 86_400), 'day');
}
