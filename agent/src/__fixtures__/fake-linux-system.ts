import { createHash } from 'node:crypto';
import { derivePublicKey } from '@wom/domain';
import { describeNftTable } from '@wom/renderers';
import type { LinkInfo, MarkedRoute } from '../linux/address-route.diff';
import { routesOwnedBy } from '../linux/address-route.diff';
import type { LinuxSystemPorts } from '../linux/linux-system.port';
import type { WireGuardDevicePeer } from '../linux/wireguard-dump.parser';
import type { PeerChange } from '../linux/wireguard-peer.diff';

/**
 * An in-memory Linux box behind the ports, for unit specs of the apply, drift and daemon
 * logic. It keeps a log of every mutating call so a spec can assert that a second apply
 * changes nothing. The real tools are exercised by the namespace specs under test/.
 */
export class FakeLinuxSystem {
  link: LinkInfo | null = null;
  privateKey: string | null = null;
  listenPort = 0;
  peers = new Map<string, WireGuardDevicePeer>();
  addresses: string[] = [];
  /** Every route with the agent's marker, on any device, including those another instance or tool added. */
  routes: MarkedRoute[] = [];
  /** Destinations of unmarked routes someone else installed; adding one of ours there clashes. */
  foreignRoutes = new Set<string>();
  /** Every nftables table on the box, by `family name`, with its listing. */
  readonly tables = new Map<string, string>();
  forwarding = '0';
  readonly calls: string[] = [];
  /** Makes the named call throw, to see which step a failure is reported under. */
  failOn: string | null = null;

  /** The table the last `nft -f` loaded (its listing), for specs that care about that one only. */
  get table(): string | null {
    return this.lastLoaded === null ? null : (this.tables.get(this.lastLoaded) ?? null);
  }

  set table(listing: string | null) {
    if (this.lastLoaded === null) throw new Error('no table loaded yet: set system.tables directly');
    if (listing === null) this.tables.delete(this.lastLoaded);
    else this.tables.set(this.lastLoaded, listing);
  }

  private lastLoaded: string | null = null;

  private record(call: string): void {
    this.calls.push(call);
    if (this.failOn !== null && call.startsWith(this.failOn)) throw new Error(`${call} failed: injected`);
  }

  readonly ports: LinuxSystemPorts = {
    wireguard: {
      readDevice: async () =>
        this.link === null
          ? null
          : {
              privateKey: this.privateKey,
              publicKey: this.privateKey === null ? null : derivePublicKey(this.privateKey),
              listenPort: this.listenPort,
              fwmark: 'off',
              peers: [...this.peers.values()],
            },
      createInterface: async (name) => {
        this.record(`create ${name}`);
        this.link = { name, mtu: 1420, up: false };
        this.listenPort = 40000;
        return 'userspace';
      },
      setPrivateKey: async (_name, key) => {
        this.record('private-key');
        this.privateKey = key;
      },
      setListenPort: async (_name, port) => {
        this.record(`listen-port ${port}`);
        this.listenPort = port;
      },
      applyPeerChanges: async (_name, changes) => {
        if (changes.length === 0) return;
        this.record(`peers ${changes.map((c) => c.kind).join(',')}`);
        changes.forEach((change) => this.applyPeerChange(change));
      },
      kickHandshakes: async (_name, peers) => {
        if (peers.length > 0) this.record(`kick ${peers.map((p) => p.publicKey.slice(0, 8)).join(' ')}`);
      },
    },
    network: {
      readLink: async () => this.link,
      setLink: async (_name, { mtu }) => {
        this.record(`link up${mtu === null ? '' : ` mtu ${mtu}`}`);
        this.link = { ...this.link!, up: true, mtu: mtu ?? this.link!.mtu };
      },
      readAddresses: async () => [...this.addresses],
      addAddress: async (_name, cidr) => {
        this.record(`addr add ${cidr}`);
        this.addresses.push(cidr);
      },
      removeAddress: async (_name, cidr) => {
        this.record(`addr del ${cidr}`);
        this.addresses = this.addresses.filter((a) => a !== cidr);
      },
      readOwnedRoutes: async (device) => routesOwnedBy(this.routes, device),
      addRoutes: async (destinations, device) => {
        for (const destination of destinations) {
          this.record(`route add ${destination}`);
          if (this.foreignRoutes.has(destination)) throw new Error(`ip route add ${destination} failed: File exists`);
          this.routes.push({ destination, device });
        }
      },
      removeRoutes: async (routes) => {
        for (const route of routes) {
          this.record(`route del ${route.destination}`);
          this.routes = this.routes.filter((r) => r.destination !== route.destination || r.device !== route.device);
        }
      },
      deleteLink: async (name) => {
        if (this.link === null) return false;
        this.record('link del');
        this.routes = this.routes.filter((route) => route.device !== name);
        [this.link, this.privateKey, this.addresses] = [null, null, []];
        this.peers.clear();
        return true;
      },
    },
    nft: {
      applyRuleset: async (script) => {
        this.record('nft -f');
        this.runNftScript(script);
      },
      readTable: async (table) => this.tables.get(describeNftTable(table)) ?? null,
      deleteTable: async (table) => {
        const key = describeNftTable(table);
        if (!this.tables.has(key)) return false;
        this.record(`nft delete table ${key}`);
        this.tables.delete(key);
        return true;
      },
    },
    sysctl: {
      read: async () => this.forwarding,
      write: async (_key, value) => {
        this.record(`sysctl ${value}`);
        this.forwarding = value;
      },
    },
    resolver: { resolve: async (host) => (host === 'hub.example.net' ? '198.51.100.1' : host) },
  };

  /**
   * Plays the table statements of a script in order, as one transaction would end up:
   * `table F N {` creates (or fills) a table, `delete table F N` removes it. A table's listing
   * stands for its content: the same script lists the same, another script differently.
   */
  private runNftScript(script: string): void {
    const digest = createHash('sha256').update(script).digest('hex').slice(0, 12);
    let first: string | null = null;
    for (const line of script.split('\n')) {
      const created = /^table (\S+ \S+) \{$/.exec(line)?.[1];
      const deleted = /^delete table (\S+ \S+)$/.exec(line)?.[1];
      if (created !== undefined) this.tables.set(created, `table ${created} { ${digest} }`);
      if (deleted !== undefined) this.tables.delete(deleted);
      first ??= created ?? null;
    }
    // The rendered ruleset comes first; anything after it retires an older table.
    this.lastLoaded = first ?? this.lastLoaded;
  }

  private applyPeerChange(change: PeerChange): void {
    if (change.kind === 'remove') {
      this.peers.delete(change.publicKey);
      return;
    }
    const { peer } = change;
    const current = this.peers.get(peer.publicKey);
    this.peers.set(peer.publicKey, {
      publicKey: peer.publicKey,
      presharedKey: null,
      endpoint: peer.endpoint ?? current?.endpoint ?? null,
      allowedIps: [...peer.allowedIps],
      latestHandshake: current?.latestHandshake ?? 0,
      rxBytes: current?.rxBytes ?? 0,
      txBytes: current?.txBytes ?? 0,
      persistentKeepalive: peer.persistentKeepalive,
    });
  }
}
