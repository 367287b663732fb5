import { parseRouterOsVersion, type RouterOsVersion } from '../client/version';

/**
 * Which RouterOS releases know a menu property. `since` is the first release that has it,
 * `until` the first that no longer does (a rename); either may be left out. A property the
 * router's release does not know is refused as `unknown parameter <name>` and never shown,
 * exactly as a real router of that release answers (ROUTEROS-REST.md §9, "feature probing").
 */
export interface VersionGate {
  readonly since?: string;
  readonly until?: string;
}

/** What the emulator runs when no version is given: the 7.19 line the product is tested on most. */
export const DEFAULT_ROUTEROS_VERSION = '7.19.4 (stable)';

/** The router's release as numbers; an unparsable text counts as 0.0 (no REST at all). */
export function routerVersion(text: string | undefined): RouterOsVersion {
  return parseRouterOsVersion(text ?? DEFAULT_ROUTEROS_VERSION) ?? { major: 0, minor: 0, patch: 0, raw: text ?? '' };
}

/** True when `version` is `release` or later; `release` is `7.17` or `7.16.2`. */
export function atLeast(version: RouterOsVersion, release: string): boolean {
  const [major = 0, minor = 0, patch = 0] = release.split('.').map(Number);
  return (version.major - major || version.minor - minor || version.patch - patch) >= 0;
}

export function isAvailable(gate: VersionGate, version: RouterOsVersion): boolean {
  return (gate.since === undefined || atLeast(version, gate.since)) && (gate.until === undefined || !atLeast(version, gate.until));
}
