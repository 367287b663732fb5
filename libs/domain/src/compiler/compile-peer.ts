import type { CompileIssue, DesiredState, WireGuardPeerEntry } from '../model/desired-state.model';
import { DEFAULT_INTERFACE_NAME, DEFAULT_PERSISTENT_KEEPALIVE } from '../model/wan.model';
import { hostCidr, parseCidr } from '../net/ipv4';
import { subtractPrefixesAsCidrs } from '../net/prefix-math';
import { ownFacts, type CompileContext, type PeerFacts } from './compile-context';
import { addInto, addTaggedInto, DIGEST_TAG, digestHex, emptyDigest, hashText, tagged, type Digest } from './digest';
import { concatLists, digestedList, replaceItems, withoutItems, type DigestedList } from './digested-list';
import { ownSubnetExclusions, ownSubnetIssues, type OwnSubnetExclusions } from './own-subnets';

/** One planned WireGuard peer entry, before it becomes a {@link WireGuardPeerEntry}. */
interface Link {
  readonly remote: PeerFacts;
  readonly allowed: DigestedList;
  /** The allowed IPs' digest tagged for the state digest; precomputed for identity lists. */
  readonly allowedTagged: Digest;
}

interface Plan {
  readonly links: Link[];
  /** Remotes this viewer can reach neither directly nor through a hub. */
  readonly unreachable: PeerFacts[];
}

const canLink = (a: PeerFacts, b: PeerFacts) => Boolean(b.peer.publicKey) && Boolean(a.endpoint || b.endpoint);
const identityLink = (remote: PeerFacts): Link => ({ remote, allowed: remote.identity, allowedTagged: remote.identityTagged });
const derivedLink = (remote: PeerFacts, allowed: DigestedList): Link => ({
  remote,
  allowed,
  allowedTagged: tagged(allowed.digest, DIGEST_TAG.allowedIps),
});

/**
 * Mesh: every pair links directly. Two peers that both lack an endpoint cannot, so their
 * traffic goes through the first hub that can relay, or is reported unreachable.
 */
function planMesh(ctx: CompileContext, viewer: PeerFacts): Plan {
  const direct: Link[] = [];
  const relayed: PeerFacts[] = [];
  const unreachable: PeerFacts[] = [];
  const relay = viewer.endpoint ? null : (ctx.relayHubs.find((hub) => hub !== viewer) ?? null);
  for (const remote of ctx.peers) {
    if (remote === viewer || !remote.peer.publicKey) continue;
    if (canLink(viewer, remote)) direct.push(identityLink(remote));
    else if (relay) relayed.push(remote);
    else unreachable.push(remote);
  }
  if (relay && relayed.length > 0) {
    const at = direct.findIndex((link) => link.remote === relay);
    direct[at] = derivedLink(relay, concatLists([relay.identity, ...relayed.map((r) => r.identity)]));
  }
  return { links: direct, unreachable };
}

/**
 * Hub-spoke and hybrid: the primary hub links to everyone; a spoke links to the hub and, in
 * a hybrid WAN, to the peers it has an explicit connection with. The spoke's hub entry
 * carries everything else, so spokes reach each other through the hub.
 */
function planHubbed(ctx: CompileContext, viewer: PeerFacts, wanMinusOwn: DigestedList): Plan {
  const hub = ctx.primaryHub;
  if (viewer === hub) {
    const others = ctx.peers.filter((remote) => remote !== viewer && remote.peer.publicKey);
    return {
      links: others.filter((r) => canLink(viewer, r)).map(identityLink),
      unreachable: others.filter((r) => !canLink(viewer, r)),
    };
  }
  // A spoke looks only at its explicit links and the hub, so compiling N spokes is not O(N²).
  const explicit = ctx.snapshot.wan.topologyType === 'hybrid' ? ctx.explicitLinks.get(viewer.peer.id) : undefined;
  const direct = [...(explicit ?? [])]
    .map((id) => ctx.byId.get(id))
    .filter((r): r is PeerFacts => r !== undefined && r !== hub && r !== viewer && canLink(viewer, r));
  const links = direct.map(identityLink);
  if (!hub || !canLink(viewer, hub)) {
    const unreachable = ctx.peers.filter((r) => r !== viewer && r.peer.publicKey && !direct.includes(r));
    return { links, unreachable };
  }
  links.push(direct.length === 0 ? hubLinkForSpoke(ctx, hub, wanMinusOwn) : hybridHubLink(ctx, viewer, hub, direct));
  return { links, unreachable: [] };
}

/**
 * The WAN as a whole minus the spoke's own subnets. The same list is the spoke's routes,
 * and every spoke without subnets shares the WAN-wide one.
 */
function hubLinkForSpoke(ctx: CompileContext, hub: PeerFacts, wanMinusOwn: DigestedList): Link {
  return wanMinusOwn === ctx.everything
    ? { remote: hub, allowed: wanMinusOwn, allowedTagged: everythingTagged(ctx) }
    : derivedLink(hub, wanMinusOwn);
}

/**
 * A hybrid spoke's hub entry must not overlap its direct entries (RouterOS refuses
 * overlapping allowed addresses on one interface), so the ranges get holes punched out.
 */
function hybridHubLink(ctx: CompileContext, viewer: PeerFacts, hub: PeerFacts, direct: readonly PeerFacts[]): Link {
  const holes = direct.flatMap((remote) => remote.identity.items).map((cidr) => parseCidr(cidr));
  const ranges = [ctx.tunnelRange, ctx.sharedRange].flatMap((range) => subtractPrefixesAsCidrs(parseCidr(range), holes));
  const routedElsewhere = withoutItems(
    ctx.everything,
    [ctx.tunnelRange, ctx.sharedRange, ...viewer.routed, ...direct.flatMap((remote) => remote.routed)],
    ctx.cache,
    ctx.everythingPositions,
  );
  return derivedLink(hub, concatLists([digestedList(ranges, ctx.cache), routedElsewhere]));
}

const everythingTaggedCache = new WeakMap<CompileContext, Digest>();
function everythingTagged(ctx: CompileContext): Digest {
  let digest = everythingTaggedCache.get(ctx);
  if (!digest) {
    digest = tagged(ctx.everything.digest, DIGEST_TAG.allowedIps);
    everythingTaggedCache.set(ctx, digest);
  }
  return digest;
}

function viewerKeepalive(viewer: PeerFacts): number | null {
  const configured = viewer.peer.overrides?.persistentKeepalive ?? viewer.peer.persistentKeepalive;
  if (configured !== null && configured !== undefined) return configured > 0 ? configured : null;
  // A peer behind NAT must keep its mapping open, or nobody can reach it (spec §4.1.2).
  return viewer.endpoint ? null : DEFAULT_PERSISTENT_KEEPALIVE;
}

function interfaceName(viewer: PeerFacts): string {
  return viewer.peer.overrides?.interfaceName ?? viewer.peer.mikrotik?.interfaceName ?? DEFAULT_INTERFACE_NAME;
}

function listenPort(viewer: PeerFacts): number | null {
  return viewer.peer.overrides?.listenPort ?? viewer.peer.listenPort ?? viewer.endpoint?.port ?? null;
}

/**
 * The WAN minus the viewer's own routed prefixes and `alsoRemove`, with remote prefixes that
 * overlap its own subnets cut down to what is left of them (see own-subnets.ts).
 */
function wanWithoutOwn(ctx: CompileContext, viewer: PeerFacts, exclusions: OwnSubnetExclusions, alsoRemove: readonly string[]): DigestedList {
  const replacements = new Map(exclusions.replacements);
  for (const item of viewer.routed) replacements.set(item, []);
  for (const item of alsoRemove) replacements.set(item, []);
  return replaceItems(ctx.everything, replacements, ctx.cache, ctx.everythingPositions);
}

/**
 * Cuts the viewer's own subnets out of every entry that carries a remote prefix overlapping
 * them. Identity lists are looked at only for the remotes concerned, so a mesh peer with an
 * overlap pays for the few entries it changes, not for all of them.
 */
function punchLinks(ctx: CompileContext, links: Link[], exclusions: OwnSubnetExclusions, alreadyPunched: DigestedList): void {
  const concerned = new Set(exclusions.found.flatMap((exclusion) => exclusion.remotes));
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    if (link.allowed === alreadyPunched || (link.allowed === link.remote.identity && !concerned.has(link.remote))) continue;
    const allowed = replaceItems(link.allowed, exclusions.replacements, ctx.cache);
    if (allowed !== link.allowed) links[i] = derivedLink(link.remote, allowed);
  }
}

/** Compiles one peer's desired state from a prepared context. */
export function compileViewer(ctx: CompileContext, viewer: PeerFacts): { state: DesiredState; issues: CompileIssue[] } {
  // Null for every peer without local subnets, and for those whose subnets nothing overlaps.
  const exclusions = ownSubnetExclusions(ctx, viewer);
  const wanMinusOwn = exclusions
    ? wanWithoutOwn(ctx, viewer, exclusions, [])
    : withoutItems(ctx.everything, viewer.routed, ctx.cache, ctx.everythingPositions);
  const plan = ctx.snapshot.wan.topologyType === 'mesh' ? planMesh(ctx, viewer) : planHubbed(ctx, viewer, wanMinusOwn);
  if (exclusions) punchLinks(ctx, plan.links, exclusions, wanMinusOwn);
  plan.links.sort((a, b) => a.remote.address - b.remote.address);

  const keepalive = viewerKeepalive(viewer);
  const keepaliveTagged = tagged(hashText(String(keepalive)), DIGEST_TAG.keepalive);
  const noKeepaliveTagged = tagged(hashText('null'), DIGEST_TAG.keepalive);
  const digest = emptyDigest();
  const scratch = emptyDigest();
  const peers: WireGuardPeerEntry[] = plan.links.map(({ remote, allowed, allowedTagged }) => {
    const persistentKeepalive = remote.endpoint ? keepalive : null;
    for (let lane = 0; lane < scratch.length; lane++) scratch[lane] = remote.fieldsDigest[lane]!;
    addInto(addInto(scratch, allowedTagged), remote.endpoint ? keepaliveTagged : noKeepaliveTagged);
    addTaggedInto(digest, scratch, DIGEST_TAG.entry);
    return {
      peerId: remote.peer.id,
      name: remote.peer.name,
      publicKey: remote.peer.publicKey!,
      endpoint: remote.endpoint,
      persistentKeepalive,
      allowedIps: allowed.items,
    };
  });

  const unreachableRouted = plan.unreachable.flatMap((r) => r.routed);
  const routes =
    exclusions && unreachableRouted.length > 0
      ? wanWithoutOwn(ctx, viewer, exclusions, unreachableRouted)
      : withoutItems(wanMinusOwn, unreachableRouted, ctx.cache);
  addTaggedInto(digest, routes.digest, DIGEST_TAG.routes);

  const own = ownFacts(ctx, viewer);
  const header = {
    peerId: viewer.peer.id,
    wanId: ctx.snapshot.wan.id,
    peerName: viewer.peer.name,
    peerType: viewer.peer.type,
    interface: {
      name: interfaceName(viewer),
      listenPort: listenPort(viewer),
      mtu: viewer.peer.overrides?.mtu ?? null,
      addresses: [hostCidr(viewer.peer.tunnelIp), ...viewer.sharedIps],
      dns: viewer.peer.overrides?.dns ?? [],
      tunnelIp: viewer.peer.tunnelIp,
      tunnelRange: ctx.tunnelRange,
    },
    firewall: { relay: viewer.isHub, localDestinations: own.localDestinations },
    serviceNat: own.serviceNat,
    netmap: own.netmap,
  };
  addTaggedInto(digest, hashText(JSON.stringify(header)), DIGEST_TAG.header);

  const issues: CompileIssue[] = exclusions ? ownSubnetIssues(viewer, exclusions, plan.unreachable) : [];
  if (plan.unreachable.length > 0) {
    issues.push({
      code: 'PEER.UNREACHABLE',
      peerId: viewer.peer.id,
      message: `${viewer.peer.name} cannot reach ${plan.unreachable.length} peer(s) (${plan.unreachable
        .slice(0, 3)
        .map((r) => r.peer.name)
        .join(', ')}${plan.unreachable.length > 3 ? ', …' : ''}): neither side has an endpoint and no hub relays; give one side an endpoint or add a hub.`,
    });
  }
  return { state: { ...header, peers, routes: routes.items, contentHash: digestHex(digest) }, issues };
}
