import type { CompileIssue, LocalSubnet, TopologySnapshot } from '@wom/domain';
import { assignNatTranslation, compile, detectConflicts } from '@wom/domain';
import { eventually, privilegedSkipReason, requireTools } from '../support/netns';
import type { LabSite } from '../support/site-lab';
import { SiteLab, subnetIdOf } from '../support/site-lab';

/**
 * A state the product's own conflict resolution produces must apply on a real box. Sites 1
 * and 2 share the LAN 192.168.20.0/24; the conflict is resolved the way the console does it,
 * by translating site 2's LAN with the domain's NAT assignment. Site 1 also routes its campus
 * 192.168.16.0/21, a supernet of that LAN, with a host at 192.168.16.10.
 *
 *   lan0 192.168.10.0/24 ─ site0 (hub)
 *   lan1 192.168.20.0/24 ─ site1        also routes 192.168.16.0/21 (host 192.168.16.10)
 *   lan2 192.168.20.0/24 ─ site2        routed as its NAT translation
 *
 * Without the compiler leaving each site's own subnets out, site 2 gets a tunnel route for
 * 192.168.20.0/24, which its LAN interface already holds: `ip route add … File exists`. With
 * it, site 2 routes the supernet minus its own LAN and everything else as before.
 */

const skip = privilegedSkipReason();
if (skip !== null) console.warn(`Skipping the agent namespace specs: ${skip}.`);
const describePrivileged = skip === null ? describe : describe.skip;

const SHARED_LAN = '192.168.20.0/24';
const SUPERNET = '192.168.16.0/21';
/** The supernet minus site 2's own LAN: what site 2 routes to site 1 for it. */
const SUPERNET_PUNCHED = ['192.168.16.0/22', '192.168.21.0/24', '192.168.22.0/23'];
/** A host of site 1 inside the supernet but outside the shared LAN, so site 2 still reaches it. */
const SUPERNET_HOST = { gateway: '192.168.16.1/22', host: '192.168.16.10/22', ip: '192.168.16.10' };

/** Up to 20 tries (about 25 s on a loaded machine), well inside each test's time limit. */
const ping = (from: LabSite['lan'], to: string) => eventually(() => from.succeeds('ping', ['-c', '1', '-W', '1', to]), 20);

describePrivileged('own subnets stay local when a WAN route overlaps them, in network namespaces', () => {
  let lab: SiteLab;
  let snapshot: TopologySnapshot;
  let translation: string;
  let firstApply: [boolean, string | null][];
  const site = (index: number): LabSite => lab.sites[index]!;
  /** Site 2's LAN host as the WAN sees it. */
  const translatedHost = () => `${translation.split('.').slice(0, 3).join('.')}.10`;

  /** Resolves the shared-LAN conflict as the console does: NAT-translate the newer subnet. */
  function resolvedSnapshot(topology: 'mesh' | 'hub-spoke'): TopologySnapshot {
    const supernet: LocalSubnet = { id: subnetIdOf(100), peerId: site(1).peerId, cidr: SUPERNET, isRouted: true, natEnabled: false, natTranslatedCidr: null };
    const raw = lab.snapshot({ topology, extraSubnets: [supernet] });
    const inUse = [raw.wan.tunnelIpRange, raw.wan.sharedServicesRange, ...raw.subnets.flatMap((s) => [s.cidr, ...(s.natTranslatedCidr ? [s.natTranslatedCidr] : [])])];
    translation = assignNatTranslation(SHARED_LAN, inUse);
    const translated = (subnet: LocalSubnet): LocalSubnet =>
      subnet.peerId === site(2).peerId ? { ...subnet, natEnabled: true, natTranslatedCidr: translation } : subnet;
    return { ...raw, subnets: raw.subnets.map(translated) };
  }

  beforeAll(async () => {
    requireTools();
    lab = SiteLab.create(3, new Map([[2, SHARED_LAN]]));
    site(1).site.ip('addr', 'add', SUPERNET_HOST.gateway, 'dev', 'lan0');
    site(1).lan.ip('addr', 'add', SUPERNET_HOST.host, 'dev', 'eth0');
    snapshot = resolvedSnapshot('mesh');
    const results = await lab.applyAll(snapshot, 1);
    firstApply = results.map((r) => [r.ok, r.error]);
  }, 60_000);

  afterAll(() => {
    lab?.dispose();
  });

  it('starts from a WAN where NAT resolved the ambiguity and only shadowed LANs remain', () => {
    const conflicts = detectConflicts({ tunnelIpRange: snapshot.wan.tunnelIpRange, sharedServicesRange: snapshot.wan.sharedServicesRange, subnets: snapshot.subnets });
    expect(conflicts.map((c) => (c.severity === 'routing' ? c.kinds.join('+') : c.severity))).toEqual(['shadowed-route', 'shadowed-route']);
    expect(translation).toBe('172.16.0.0/24');
  });

  it('applies every site’s compiled state', () => {
    expect(firstApply).toEqual([
      [true, null],
      [true, null],
      [true, null],
    ]);
  });

  it('says in the issues which prefix a site leaves out, and for which remote', () => {
    const excluded = compile(snapshot)
      .issues.filter((issue: CompileIssue) => issue.code === 'ROUTE.OWN_SUBNET_EXCLUDED')
      .map((issue) => [issue.peerId, issue.remotePeerId, issue.prefix]);
    expect(excluded).toEqual([
      [site(2).peerId, site(1).peerId, SUPERNET],
      [site(2).peerId, site(1).peerId, SHARED_LAN],
    ]);
  });

  it('keeps the translated site’s own LAN on its LAN interface', async () => {
    const s = site(2);
    expect(s.applied?.routes).not.toContain(SHARED_LAN);
    expect(s.site.ip('route', 'show', SHARED_LAN).trim().split('\n')).toEqual([expect.stringContaining('dev lan0')]);
    expect(s.site.ip('route', 'get', s.lanHost)).toContain('dev lan0');
    expect(await ping(s.site, s.lanHost)).toBe(true);
    expect(await ping(s.lan, s.lanGateway)).toBe(true);
  }, 60_000);

  it('punches the translated site’s LAN out of the remote supernet, and routes the rest of it', async () => {
    const s = site(2);
    expect(s.applied?.routes).not.toContain(SUPERNET);
    expect(s.applied?.routes).toEqual(expect.arrayContaining(SUPERNET_PUNCHED));
    expect(s.applied?.peers.find((entry) => entry.peerId === site(1).peerId)?.allowedIps).toEqual([site(1).tunnelIp + '/32', ...SUPERNET_PUNCHED]);
    expect(s.site.ip('route', 'get', SUPERNET_HOST.ip)).toContain(`dev ${s.interfaceName}`);
    expect(await ping(s.lan, SUPERNET_HOST.ip)).toBe(true);
  }, 60_000);

  it('lets the translated site reach another site’s LAN through the overlay, and be reached at its translation', async () => {
    const s = site(2);
    expect(s.site.ip('route', 'get', site(0).lanHost)).toContain(`dev ${s.interfaceName}`);
    expect(await ping(s.lan, site(0).lanHost)).toBe(true);
    expect(await ping(site(0).lan, translatedHost())).toBe(true);
  }, 60_000);

  it('applies and still carries traffic once the WAN becomes hub-spoke', async () => {
    const results = await lab.applyAll(resolvedSnapshot('hub-spoke'), 2);
    expect(results.map((r) => [r.ok, r.error])).toEqual(results.map(() => [true, null]));
    expect(site(2).site.ip('route', 'get', site(2).lanHost)).toContain('dev lan0');
    expect(await ping(site(2).lan, site(0).lanHost)).toBe(true);
    expect(await ping(site(2).lan, SUPERNET_HOST.ip)).toBe(true);
    expect(await ping(site(0).lan, translatedHost())).toBe(true);
  }, 120_000);
});
