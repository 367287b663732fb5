/**
 * Parses `wg show <interface> dump`: one tab-separated line for the interface, then one per
 * peer. This is the only view of the device the agent trusts, for apply, drift and status.
 */

export interface WireGuardDevice {
  readonly privateKey: string | null;
  readonly publicKey: string | null;
  readonly listenPort: number;
  readonly fwmark: string;
  readonly peers: readonly WireGuardDevicePeer[];
}

export interface WireGuardDevicePeer {
  readonly publicKey: string;
  readonly presharedKey: string | null;
  /** `host:port` (`[v6]:port`) as the device sees it now; null when it has none. */
  readonly endpoint: string | null;
  /** Canonical CIDRs as wg prints them, in the device's order. */
  readonly allowedIps: readonly string[];
  /** Unix seconds of the latest handshake, 0 when there was none. */
  readonly latestHandshake: number;
  readonly rxBytes: number;
  readonly txBytes: number;
  /** Seconds; null when off. */
  readonly persistentKeepalive: number | null;
}

const NONE = '(none)';

const orNull = (value: string): string | null => (value === NONE || value === '' ? null : value);

function toInteger(value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`wg dump: ${what} "${value}" is not a number`);
  return Number(value);
}

/**
 * @example parseWireGuardDump('PRIV\tPUB\t51820\toff\n') // → { listenPort: 51820, peers: [] }
 */
export function parseWireGuardDump(text: string): WireGuardDevice {
  const lines = text.split('\n').filter((line) => line.length > 0);
  const head = lines[0]?.split('\t');
  if (head === undefined || head.length !== 4) throw new Error(`wg dump: expected an interface line of 4 fields, got "${lines[0] ?? ''}"`);
  const [privateKey, publicKey, listenPort, fwmark] = head as [string, string, string, string];
  return {
    privateKey: orNull(privateKey),
    publicKey: orNull(publicKey),
    listenPort: toInteger(listenPort, 'listen port'),
    fwmark,
    peers: lines.slice(1).map(parsePeerLine),
  };
}

function parsePeerLine(line: string): WireGuardDevicePeer {
  const fields = line.split('\t');
  if (fields.length !== 8) throw new Error(`wg dump: expected a peer line of 8 fields, got ${fields.length}`);
  const [publicKey, presharedKey, endpoint, allowedIps, handshake, rx, tx, keepalive] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    publicKey,
    presharedKey: orNull(presharedKey),
    endpoint: orNull(endpoint),
    allowedIps: allowedIps === NONE || allowedIps === '' ? [] : allowedIps.split(','),
    latestHandshake: toInteger(handshake, 'latest handshake'),
    rxBytes: toInteger(rx, 'rx bytes'),
    txBytes: toInteger(tx, 'tx bytes'),
    persistentKeepalive: keepalive === 'off' ? null : toInteger(keepalive, 'persistent keepalive') || null,
  };
}
