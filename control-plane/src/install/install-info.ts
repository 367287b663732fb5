import type { AgentExecutableInfo, AgentInstallInfo, AgentInstallTls } from '@wom/contracts';
import { INSTALL_PATHS } from '@wom/contracts';
import { isLoopbackHost } from '../config/public-url';

export interface InstallFacts {
  readonly publicUrl: string;
  /** The URLs enrolling agents are given. */
  readonly natsUrls: readonly string[];
  /** The embedded nats-server's listen address, or null when NATS is external (or off). */
  readonly embeddedNatsListen: string | null;
  readonly executable: AgentExecutableInfo | null;
  /** The served certificate; null (or absent) over plain HTTP. */
  readonly tls?: AgentInstallTls | null;
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

/**
 * What an operator needs to hand a box its install line, and every reason a box elsewhere
 * could not use it, each with the setting that fixes it. Pure: the facts are gathered by the caller.
 */
export function installInfo(facts: InstallFacts): AgentInstallInfo {
  // What keeps agents on other hosts out; the missing executable is a warning of its own kind.
  const unreachable: string[] = [];
  if (isLoopbackHost(hostOf(facts.publicUrl))) {
    unreachable.push(
      `The control plane's public address is ${facts.publicUrl}, which only this machine can reach: agents on other hosts cannot download the installer or enroll. ` +
        'Set PUBLIC_URL to the address they use (e.g. https://wom.example.com), and HOST to an address they can reach (or put a reverse proxy in front).',
    );
  }
  const loopbackNats = facts.natsUrls.filter((url) => isLoopbackHost(hostOf(url)));
  if (facts.natsUrls.length === 0) {
    unreachable.push('NATS is not configured, so agents cannot enroll. Let the control plane start its embedded nats-server, or set NATS_URL.');
  } else if (loopbackNats.length > 0) {
    unreachable.push(
      `Agents are told to reach NATS at ${loopbackNats.join(', ')}, which only this machine can reach. ` +
        'Set PUBLIC_URL to this host\'s address (agents are given its host name with the NATS port), or NATS_AGENT_URLS to the address they use.',
    );
  }
  if (facts.embeddedNatsListen !== null && isLoopbackHost(facts.embeddedNatsListen) && loopbackNats.length < facts.natsUrls.length) {
    unreachable.push(`The embedded nats-server listens on ${facts.embeddedNatsListen} only. Set NATS_LISTEN=0.0.0.0 (or this host's address) so agents can connect.`);
  }
  const missingExecutable =
    facts.executable === null ? ['This control plane has no agent executable to serve (agent/dist is empty): build it with "npm run build:agent", or set AGENT_DIST_DIR.'] : [];
  return {
    publicUrl: facts.publicUrl,
    scriptUrl: `${facts.publicUrl}${INSTALL_PATHS.script}`,
    natsUrls: [...facts.natsUrls],
    reachableFromOtherHosts: unreachable.length === 0,
    warnings: [...unreachable, ...missingExecutable],
    executable: facts.executable,
    tls: facts.tls === undefined || facts.tls === null ? null : { fingerprintSha256: facts.tls.fingerprintSha256, publicKeyPin: facts.tls.publicKeyPin, selfSigned: facts.tls.selfSigned, notAfter: facts.tls.notAfter },
  };
}
