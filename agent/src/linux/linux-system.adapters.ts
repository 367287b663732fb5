import { lookup } from 'node:dns/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIpv4, isIpv6 } from '@wom/domain';
import type { NftTable } from '@wom/renderers';
import { validateNftTable } from '@wom/renderers';
import type { LinkInfo, MarkedRoute } from './address-route.diff';
import { parseIpAddresses, parseIpLink, parseMarkedRoutes, routesOwnedBy, WOM_ROUTE_PROTOCOL } from './address-route.diff';
import type { CommandRunner } from './command-runner';
import { CommandFailedError } from './command-runner';
import type {
  AddressRoutePort,
  EndpointResolverPort,
  HandshakeKick,
  LinuxSystemPorts,
  NftPort,
  SysctlPort,
  WireGuardBackend,
  WireGuardPort,
} from './linux-system.port';
import type { WireGuardDevice } from './wireguard-dump.parser';
import { parseWireGuardDump } from './wireguard-dump.parser';
import type { PeerChange } from './wireguard-peer.diff';
import { wgSetPeerArguments } from './wireguard-peer.diff';

/** `auto` uses the kernel module when the kernel has it and wireguard-go otherwise. */
export type UserspaceMode = 'auto' | 'always' | 'never';

const isMissing = (error: unknown) =>
  error instanceof CommandFailedError && /No such device|does not exist|Unable to access interface|No such file/i.test(error.stderr);

export class WgCommandAdapter implements WireGuardPort {
  constructor(
    private readonly runner: CommandRunner,
    private readonly userspace: UserspaceMode = 'auto',
  ) {}

  async readDevice(name: string): Promise<WireGuardDevice | null> {
    try {
      return parseWireGuardDump(await this.runner.run('wg', ['show', name, 'dump']));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async createInterface(name: string): Promise<WireGuardBackend> {
    if (this.userspace !== 'always') {
      try {
        await this.runner.run('ip', ['link', 'add', 'dev', name, 'type', 'wireguard']);
        return 'kernel';
      } catch (error) {
        const noModule = error instanceof CommandFailedError && /Unknown device type|not supported/i.test(error.stderr);
        if (!noModule || this.userspace === 'never') throw error;
      }
    }
    // wireguard-go forks into the background once the device is up, so it outlives the
    // agent: restarting the agent leaves the tunnel and its traffic alone.
    await this.runner.run('wireguard-go', [name]);
    return 'userspace';
  }

  async setPrivateKey(name: string, privateKey: string): Promise<void> {
    // Through a file only we can read: a key in the argument list would show in `ps` and
    // in error messages, and `wg` cannot read /dev/stdin when stdin is a socket pair.
    const dir = await mkdtemp(join(tmpdir(), 'wom-agent-key-'));
    try {
      const file = join(dir, 'private.key');
      await writeFile(file, `${privateKey}\n`, { mode: 0o600 });
      await this.runner.run('wg', ['set', name, 'private-key', file]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async setListenPort(name: string, port: number): Promise<void> {
    await this.runner.run('wg', ['set', name, 'listen-port', String(port)]);
  }

  async applyPeerChanges(name: string, changes: readonly PeerChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.runner.run('wg', ['set', name, ...wgSetPeerArguments(changes)]);
  }

  /**
   * Both WireGuard implementations send a keepalive at once when a peer's persistent
   * keepalive goes from off to on (the kernel's set_peer, wireguard-go's UAPI handler), so
   * off → 1 → configured starts a handshake without sending a packet of our own.
   */
  async kickHandshakes(name: string, peers: readonly HandshakeKick[]): Promise<void> {
    if (peers.length === 0) return;
    const keepalive = (value: (peer: HandshakeKick) => string) => this.runner.run('wg', ['set', name, ...peers.flatMap((peer) => ['peer', peer.publicKey, 'persistent-keepalive', value(peer)])]);
    await keepalive(() => 'off');
    await keepalive(() => '1');
    await keepalive((peer) => (peer.persistentKeepalive === null ? 'off' : String(peer.persistentKeepalive)));
  }
}

export class IpCommandAdapter implements AddressRoutePort {
  constructor(private readonly runner: CommandRunner) {}

  async readLink(name: string): Promise<LinkInfo | null> {
    try {
      return parseIpLink(await this.runner.run('ip', ['-j', 'link', 'show', 'dev', name]));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async setLink(name: string, settings: { readonly mtu: number | null }): Promise<void> {
    const mtu = settings.mtu === null ? [] : ['mtu', String(settings.mtu)];
    await this.runner.run('ip', ['link', 'set', 'dev', name, ...mtu, 'up']);
  }

  async readAddresses(name: string): Promise<string[]> {
    return parseIpAddresses(await this.runner.run('ip', ['-4', '-j', 'addr', 'show', 'dev', name]));
  }

  async addAddress(name: string, cidr: string): Promise<void> {
    await this.runner.run('ip', ['addr', 'add', cidr, 'dev', name]);
  }

  async removeAddress(name: string, cidr: string): Promise<void> {
    await this.runner.run('ip', ['addr', 'del', cidr, 'dev', name]);
  }

  async readOwnedRoutes(device: string): Promise<MarkedRoute[]> {
    // Every marked route, filtered here: `ip route show dev X` leaves `dev` out of its rows
    // and fails outright when X does not exist yet.
    const marked = parseMarkedRoutes(await this.runner.run('ip', ['-4', '-j', 'route', 'show', 'table', 'main', 'proto', String(WOM_ROUTE_PROTOCOL)]));
    return routesOwnedBy(marked, device);
  }

  async addRoutes(destinations: readonly string[], device: string): Promise<void> {
    // `add`, not `replace`: a route someone else installed for the same destination stays
    // theirs, and the apply reports the clash instead of taking it over.
    await this.batch(destinations.map((destination) => `route add ${destination} dev ${device} proto ${WOM_ROUTE_PROTOCOL}`));
  }

  async removeRoutes(routes: readonly MarkedRoute[]): Promise<void> {
    await this.batch(routes.map((route) => `route del ${route.destination} dev ${route.device} proto ${WOM_ROUTE_PROTOCOL}`));
  }

  async deleteLink(name: string): Promise<boolean> {
    try {
      await this.runner.run('ip', ['link', 'del', 'dev', name]);
      return true;
    } catch (error) {
      if (isMissing(error) || (error instanceof CommandFailedError && /Cannot find device/i.test(error.stderr))) return false;
      throw error;
    }
  }

  /**
   * One `ip -batch` process for many routes: a WAN of hundreds of routes applies in one call
   * instead of hundreds. Every value in a line has passed a validator (CIDRs, the interface
   * name) or comes from `ip` itself, so no line can carry a second command.
   */
  private async batch(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    try {
      await this.runner.run('ip', ['-batch', '-'], { input: `${lines.join('\n')}\n` });
    } catch (error) {
      const failedLine = error instanceof CommandFailedError ? /Command failed -:(\d+)/.exec(error.stderr)?.[1] : undefined;
      if (failedLine === undefined) throw error;
      const reason = (error as CommandFailedError).stderr.split('\n').find((line) => line.trim() !== '' && !line.startsWith('Command failed')) ?? '';
      throw new Error(`ip ${lines[Number(failedLine) - 1] ?? ''} failed: ${reason.trim()}`);
    }
  }
}

export class NftCommandAdapter implements NftPort {
  constructor(private readonly runner: CommandRunner) {}

  async applyRuleset(script: string): Promise<void> {
    await this.runner.run('nft', ['-f', '-'], { input: script });
  }

  async readTable(table: NftTable): Promise<string | null> {
    const { family, name } = validateNftTable(table, 'table');
    try {
      return await this.runner.run('nft', ['-s', 'list', 'table', family, name]);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async deleteTable(table: NftTable): Promise<boolean> {
    const { family, name } = validateNftTable(table, 'table');
    try {
      await this.runner.run('nft', ['delete', 'table', family, name]);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}

export class SysctlCommandAdapter implements SysctlPort {
  constructor(private readonly runner: CommandRunner) {}

  async read(key: string): Promise<string> {
    return (await this.runner.run('sysctl', ['-n', key])).trim();
  }

  async write(key: string, value: string): Promise<void> {
    await this.runner.run('sysctl', ['-qw', `${key}=${value}`]);
  }
}

/** Resolves names with the system resolver, as `wg` itself would. */
export class DnsEndpointResolver implements EndpointResolverPort {
  async resolve(host: string): Promise<string> {
    if (isIpv4(host) || isIpv6(host)) return host;
    return (await lookup(host, { family: 4 })).address;
  }
}

export function linuxSystemPorts(runner: CommandRunner, userspace: UserspaceMode = 'auto'): LinuxSystemPorts {
  return {
    wireguard: new WgCommandAdapter(runner, userspace),
    network: new IpCommandAdapter(runner),
    nft: new NftCommandAdapter(runner),
    sysctl: new SysctlCommandAdapter(runner),
    resolver: new DnsEndpointResolver(),
  };
}
