import { create } from '@bufbuild/protobuf';
// Type-only: deltas are computed from and applied to the domain's own values; nothing of the
// domain runs here, so contracts stay a leaf at runtime.
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { DesiredState, InterfaceState, WireGuardPeerEntry } from '@wom/domain';
import { DesiredStateDigester, sameEntryApartFromAllowedIps } from './desired-state.digest';
import {
  ContractError,
  netmapFromWire,
  netmapToWire,
  peerTypeFromWire,
  peerTypeToWire,
  serviceNatFromWire,
  serviceNatToWire,
  wireGuardPeerEntryFromWire,
  wireGuardPeerEntryToWire,
} from './desired-state.mapper';
import {
  DesiredStateDeltaSchema,
  StringListDeltaSchema,
  type DesiredStateDelta,
  type StringListDelta,
} from './generated/wom/agent/v1/desired_state_pb';

/** A delta that does not fit the state it is applied to; the agent requests the snapshot instead. */
export class DeltaMismatchError extends Error {
  constructor(reason: string) {
    super(`desired-state delta does not apply: ${reason}`);
    this.name = 'DeltaMismatchError';
  }
}

interface KeyedDiff<T> {
  readonly removed: string[];
  readonly changed: T[];
  readonly added: { index: number; item: T }[];
}

/**
 * Differences between two ordered lists of uniquely keyed items, such that {@link applyKeyed}
 * rebuilds `next` from `prev`. Items kept in place must keep their relative order; one that
 * moved is sent as removed and added again. Null when a key repeats (the caller sends no delta).
 */
function diffKeyed<T>(prev: readonly T[], next: readonly T[], key: (item: T) => string, same: (a: T, b: T) => boolean): KeyedDiff<T> | null {
  const diff: KeyedDiff<T> = { removed: [], changed: [], added: [] };
  // The common case, in one pass: the same keys in the same order, only some items changed.
  // (A repeated key here would make a delta that rebuilds another state; the digest check
  // on the agent turns that into a snapshot request.)
  if (prev.length === next.length) {
    let index = 0;
    for (; index < prev.length; index++) {
      const item = next[index]!;
      if (key(prev[index]!) !== key(item)) break;
      if (!same(prev[index]!, item)) diff.changed.push(item);
    }
    if (index === prev.length) return diff;
    diff.changed.length = 0;
  }
  const prevIndex = new Map<string, number>();
  prev.forEach((item, index) => prevIndex.set(key(item), index));
  if (prevIndex.size !== prev.length || new Set(next.map(key)).size !== next.length) return null;
  const kept = new Set<string>();
  let lastKept = -1;
  next.forEach((item, index) => {
    const at = prevIndex.get(key(item));
    if (at !== undefined && at > lastKept) {
      kept.add(key(item));
      lastKept = at;
      if (!same(prev[at]!, item)) diff.changed.push(item);
    } else diff.added.push({ index, item });
  });
  for (const item of prev) if (!kept.has(key(item))) diff.removed.push(key(item));
  return diff;
}

/** Rebuilds a list from {@link diffKeyed}'s output; throws when the delta does not fit. */
function applyKeyed<T>(base: readonly T[], diff: KeyedDiff<T>, key: (item: T) => string, what: string): T[] {
  const removed = new Set(diff.removed);
  const list = base.filter((item) => !removed.has(key(item)));
  if (removed.size !== diff.removed.length || base.length - list.length !== removed.size) throw new DeltaMismatchError(`${what}: removed entries are not in the base`);
  if (diff.changed.length > 0) {
    const changed = new Map(diff.changed.map((item) => [key(item), item]));
    let replaced = 0;
    list.forEach((item, index) => {
      const next = changed.get(key(item));
      if (next !== undefined) {
        list[index] = next;
        replaced++;
      }
    });
    if (replaced !== diff.changed.length || changed.size !== replaced) throw new DeltaMismatchError(`${what}: changed entries are not in the base`);
  }
  let previous = -1;
  for (const { index, item } of diff.added) {
    if (index <= previous || index > list.length) throw new DeltaMismatchError(`${what}: added entry at ${index} is out of place`);
    list.splice(index, 0, item);
    previous = index;
  }
  return list;
}

const identity = (value: string): string => value;
const always = (): boolean => true;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((value, index) => value === b[index]));
}

function sameEntry(a: WireGuardPeerEntry, b: WireGuardPeerEntry): boolean {
  return sameEntryApartFromAllowedIps(a, b) && sameList(a.allowedIps, b.allowedIps);
}

function sameInterfaceApartFromAddresses(a: InterfaceState, b: InterfaceState): boolean {
  return (
    a.name === b.name &&
    a.listenPort === b.listenPort &&
    a.mtu === b.mtu &&
    a.tunnelIp === b.tunnelIp &&
    a.tunnelRange === b.tunnelRange &&
    sameList(a.dns, b.dns)
  );
}

function stringListDelta(prev: readonly string[], next: readonly string[]): StringListDelta | undefined | null {
  if (sameList(prev, next)) return undefined;
  const diff = diffKeyed(prev, next, identity, always);
  if (!diff) return null;
  return create(StringListDeltaSchema, { removed: diff.removed, added: diff.added.map(({ index, item }) => ({ index, value: item })) });
}

function applyStringList(base: readonly string[], delta: StringListDelta | undefined, what: string): readonly string[] {
  if (!delta) return base;
  return applyKeyed(base, { removed: delta.removed, changed: [], added: delta.added.map(({ index, value }) => ({ index, item: value })) }, identity, what);
}

/**
 * The delta that turns `prev` (at `baseRevision`) into `next`, or null when the states cannot
 * be related by one (another peer or WAN, or a list with repeated keys): the agent then gets
 * only the revision and requests the snapshot. Pass one digester for all states of a
 * compilation, so entries shared between states are hashed once.
 */
export function diffDesiredStates(prev: DesiredState, next: DesiredState, baseRevision: bigint, digester = new DesiredStateDigester()): DesiredStateDelta | null {
  if (prev.peerId !== next.peerId || prev.wanId !== next.wanId) return null;
  const peers = diffKeyed(prev.peers, next.peers, (entry) => entry.publicKey, sameEntry);
  const addresses = stringListDelta(prev.interface.addresses, next.interface.addresses);
  const routes = stringListDelta(prev.routes, next.routes);
  if (!peers || addresses === null || routes === null) return null;
  const firewallChanged = prev.firewall.relay !== next.firewall.relay || !sameList(prev.firewall.localDestinations, next.firewall.localDestinations);
  return create(DesiredStateDeltaSchema, {
    baseRevision,
    contentHash: next.contentHash,
    stateDigest: digester.digest(next),
    peerName: prev.peerName === next.peerName ? undefined : next.peerName,
    peerType: prev.peerType === next.peerType ? undefined : peerTypeToWire(next.peerType),
    interface: sameInterfaceApartFromAddresses(prev.interface, next.interface)
      ? undefined
      : {
          name: next.interface.name,
          listenPort: next.interface.listenPort ?? undefined,
          mtu: next.interface.mtu ?? undefined,
          dns: [...next.interface.dns],
          tunnelIp: next.interface.tunnelIp,
          tunnelRange: next.interface.tunnelRange,
        },
    addresses,
    removedPeerKeys: peers.removed,
    changedPeers: peers.changed.map(wireGuardPeerEntryToWire),
    addedPeers: peers.added.map(({ index, item }) => ({ index, entry: wireGuardPeerEntryToWire(item) })),
    routes,
    firewall: firewallChanged ? { relay: next.firewall.relay, localDestinations: [...next.firewall.localDestinations] } : undefined,
    serviceNat: JSON.stringify(prev.serviceNat) === JSON.stringify(next.serviceNat) ? undefined : { rules: serviceNatToWire(next.serviceNat) },
    netmap: JSON.stringify(prev.netmap) === JSON.stringify(next.netmap) ? undefined : { rules: netmapToWire(next.netmap) },
  });
}

/**
 * Rebuilds the state a delta describes from its base. Throws {@link DeltaMismatchError} when
 * the delta does not fit the base or the rebuilt state's digest is not the published one,
 * and {@link ContractError} for an unreadable message: either way the caller requests the
 * full snapshot, so a delta never yields a state other than the snapshot's.
 */
export function applyDesiredStateDelta(base: DesiredState, delta: DesiredStateDelta, digester = new DesiredStateDigester()): DesiredState {
  const iface = delta.interface;
  const peers = applyKeyed(
    base.peers,
    {
      removed: delta.removedPeerKeys,
      changed: delta.changedPeers.map(wireGuardPeerEntryFromWire),
      added: delta.addedPeers.map(({ index, entry }) => {
        if (!entry) throw new ContractError(`addedPeers[${index}].entry`, 'missing');
        return { index, item: wireGuardPeerEntryFromWire(entry) };
      }),
    },
    (entry) => entry.publicKey,
    'peers',
  );
  const state: DesiredState = {
    peerId: base.peerId,
    wanId: base.wanId,
    peerName: delta.peerName ?? base.peerName,
    peerType: delta.peerType === undefined ? base.peerType : peerTypeFromWire(delta.peerType),
    interface: {
      ...(iface
        ? {
            name: iface.name,
            listenPort: iface.listenPort ?? null,
            mtu: iface.mtu ?? null,
            dns: [...iface.dns],
            tunnelIp: iface.tunnelIp,
            tunnelRange: iface.tunnelRange,
          }
        : base.interface),
      addresses: applyStringList(base.interface.addresses, delta.addresses, 'addresses'),
    },
    peers,
    routes: applyStringList(base.routes, delta.routes, 'routes'),
    firewall: delta.firewall ? { relay: delta.firewall.relay, localDestinations: [...delta.firewall.localDestinations] } : base.firewall,
    serviceNat: delta.serviceNat ? serviceNatFromWire(delta.serviceNat.rules) : base.serviceNat,
    netmap: delta.netmap ? netmapFromWire(delta.netmap.rules) : base.netmap,
    contentHash: delta.contentHash,
  };
  const digest = digester.digest(state);
  if (digest !== delta.stateDigest) throw new DeltaMismatchError(`the rebuilt state's digest ${digest} is not ${delta.stateDigest}`);
  return state;
}
