export interface RouterOsVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** `beta4`, `rc2`; undefined for a release. */
  readonly prerelease?: string;
  /** The channel in parentheses: `stable`, `long-term`, `testing`, `development`. */
  readonly channel?: string;
  readonly raw: string;
}

/**
 * Parses `/system/resource` `version`.
 *
 * Example: parseRouterOsVersion('7.19.4 (stable)') → { major: 7, minor: 19, patch: 4, channel: 'stable', raw }
 *          parseRouterOsVersion('7.1beta4')        → { major: 7, minor: 1, patch: 0, prerelease: 'beta4', raw }
 */
export function parseRouterOsVersion(text: string): RouterOsVersion | undefined {
  const match = /^\s*(\d+)\.(\d+)(?:\.(\d+))?((?:alpha|beta|rc)\d+)?\s*(?:\(([\w-]+)\))?/.exec(text);
  if (!match) return undefined;
  const [, major = '0', minor = '0', patch = '0', prerelease, channel] = match;
  return {
    major: Number(major),
    minor: Number(minor),
    patch: Number(patch),
    ...(prerelease ? { prerelease } : {}),
    ...(channel ? { channel } : {}),
    raw: text.trim(),
  };
}

/** REST appeared in 7.1beta4 (ROUTEROS-REST.md §1). */
export function isRestSupported(version: RouterOsVersion): boolean {
  if (version.major !== 7) return version.major > 7;
  if (version.minor !== 1) return version.minor > 1;
  const pre = /^(alpha|beta|rc)(\d+)$/.exec(version.prerelease ?? '');
  if (!pre) return true;
  return pre[1] === 'rc' || (pre[1] === 'beta' && Number(pre[2]) >= 4);
}

/** Plain `http://` REST through the `www` service works from 7.9 (ROUTEROS-REST.md §1). */
export function isPlainHttpSupported(version: RouterOsVersion): boolean {
  return version.major > 7 || (version.major === 7 && version.minor >= 9);
}

export type RestCompatibility =
  | { readonly compatible: true; readonly version: RouterOsVersion }
  | {
      readonly compatible: false;
      readonly code: 'ROUTEROS.INCOMPATIBLE_VERSION';
      readonly version?: RouterOsVersion;
      readonly message: string;
      readonly suggestion: string;
    };

/** A clear verdict for "test connection": v6 and early v7 betas have no REST API. */
export function checkRestCompatibility(versionText: string): RestCompatibility {
  const version = parseRouterOsVersion(versionText);
  if (version && isRestSupported(version)) return { compatible: true, version };
  const suggestion = 'Upgrade the router to RouterOS 7 (a current stable release); the REST API does not exist before 7.1.';
  const message = version
    ? `RouterOS ${version.raw} has no REST API; this product needs RouterOS 7.1 or newer.`
    : `Unrecognised RouterOS version "${versionText}"; this product needs RouterOS 7.1 or newer.`;
  return { compatible: false, code: 'ROUTEROS.INCOMPATIBLE_VERSION', ...(version ? { version } : {}), message, suggestion };
}
