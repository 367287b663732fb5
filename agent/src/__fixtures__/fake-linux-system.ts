import { derivePublicKey } from '@wom/domain';
import type { LinkInfo, OwnedRoute } from '../linux/address-route.diff';
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
  routes: OwnedRoute[] = [];
  foreignRoutes = new Set<string>();
  table: string | null = null;
  forwarding = '0';
  readonly calls: string[] = [];
  /** Makes the named call throw, to see which step a failure is reported under. */
  failOn: string | null = null;

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
      readOwnedRoutes: async () => [...this.routes],
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
          this.routes = this.routes.filter((r) => r.destination !== route.destination);
        }
      },
      deleteLink: async () => {
        if (this.link === null) return false;
        this.record('link del');
        [this.link, this.privateKey, this.addresses, this.routes] = [null, null, [], []];
        this.peers.clear();
        return true;
      },
    },
    nft: {
      applyRuleset: async (script) => {
        this.record('nft -f');
        this.table = `listing of ${script.length} bytes`;
      },
      readTable: async () => this.table,
      deleteTable: async () => {
        if (this.table === null) return false;
        this.record('nft delete table');
        this.table = null;
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
