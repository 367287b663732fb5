import type { DesiredState } from '@wom/domain';
import { DomainError } from '@wom/domain';
import { ALL_FIXTURE_STATES, branchState, FIXTURE_KEYS } from '../__fixtures__/desired-states';
import { HOSTILE_TEXTS, NEAR_MISS_VALUES, withHostileNames, withInterfaceName, withPeerChange } from '../__fixtures__/hostile-states';
import type { TempDir, WireguardGoInterface } from '../__fixtures__/real-tools';
import { createTempDir, NetworkNamespace, NFTABLES_TOOLS, requireTools, run, startWireguardGo, uniqueName, WIREGUARD_TOOLS } from '../__fixtures__/real-tools';
import { renderNftables } from '../nftables';
import { renderWgQuick } from '../wg-quick';

/**
 * Hostile text goes through both renderers. Free text (names, ids) may only ever change
 * comments: with comments removed, the output must equal the output for a benign state,
 * and the real tools must load it to the same result. Structural values (interface names,
 * hosts, keys, addresses) cannot be neutralised, so each must be rejected naming its field.
 */

const GENERATED_AT = '2025-01-01T00:00:00.000Z';
const WG_QUICK_KEYS = new Set(['PrivateKey', 'Address', 'ListenPort', 'MTU', 'DNS', 'PublicKey', 'Endpoint', 'AllowedIPs', 'PersistentKeepalive']);
/** C0 and C1 controls (tabs included: callers expand nft's indent first), DEL, Unicode line breaks. */
const LINE_BREAKERS = /[\p{Cc}\u2028\u2029]/u;

const wgQuick = (state: DesiredState) => renderWgQuick(state, { privateKey: FIXTURE_KEYS.branch.privateKey, generatedAt: GENERATED_AT });

function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
}

function expectEveryLineSafe(text: string): void {
  for (const line of text.replace(/\n$/, '').split('\n')) {
    expect(line).not.toMatch(LINE_BREAKERS);
    expect(line.length).toBeLessThanOrEqual(200);
  }
}

describe.each(HOSTILE_TEXTS)('names with %s', (_label, text) => {
  it.each(Object.entries(ALL_FIXTURE_STATES))('only change comments in the %s wg-quick file', (_name, state) => {
    const output = wgQuick(withHostileNames(state, text));
    expect(withoutComments(output)).toBe(withoutComments(wgQuick(state)));
    expectEveryLineSafe(output);
    for (const line of output.split('\n')) {
      const key = /^([A-Za-z]+) = /.exec(line)?.[1];
      const structural = line === '' || line.startsWith('# ') || line === '#' || line === '[Interface]' || line === '[Peer]';
      expect(structural || (key !== undefined && WG_QUICK_KEYS.has(key))).toBe(true);
    }
    expect(output.match(/^\[(Interface|Peer)\]$/gm)).toHaveLength(1 + state.peers.length);
  });

  it.each(Object.entries(ALL_FIXTURE_STATES))('only change comments in the %s nft script', (_name, state) => {
    const output = renderNftables(withHostileNames(state, text));
    expect(withoutComments(output)).toBe(withoutComments(renderNftables(state)));
    expectEveryLineSafe(output.replace(/\t/g, ' '));
  });
});

describe('names stay readable', () => {
  it('keeps letters of any script in comments', () => {
    expect(wgQuick(withHostileNames(branchState, 'Zürich-Büro 東京'))).toContain('# Zürich-Büro 東京\n');
  });
});

interface StructuralField {
  readonly field: string;
  readonly render: (value: string) => string;
}

const STRUCTURAL_FIELDS: readonly StructuralField[] = [
  { field: 'interface.name', render: (value) => wgQuick(withInterfaceName(branchState, value)) },
  { field: 'interface.name', render: (value) => renderNftables(withInterfaceName(branchState, value)) },
  { field: 'privateKey', render: (value) => renderWgQuick(branchState, { privateKey: value }) },
  { field: 'peers[0].publicKey', render: (value) => wgQuick(withPeerChange(branchState, { publicKey: value })) },
  { field: 'peers[0].endpoint.host', render: (value) => wgQuick(withPeerChange(branchState, { endpoint: { host: value, port: 51820 } })) },
  { field: 'peers[0].allowedIps[0]', render: (value) => wgQuick(withPeerChange(branchState, { allowedIps: [value] })) },
  { field: 'interface.addresses[0]', render: (value) => wgQuick({ ...branchState, interface: { ...branchState.interface, addresses: [value] } }) },
  { field: 'interface.dns[0]', render: (value) => wgQuick({ ...branchState, interface: { ...branchState.interface, dns: [value] } }) },
  {
    field: 'firewall.localDestinations[0]',
    render: (value) => renderNftables({ ...branchState, firewall: { relay: false, localDestinations: [value] } }),
  },
  {
    field: 'serviceNat[0].sharedIp',
    render: (value) => renderNftables({ ...branchState, serviceNat: branchState.serviceNat.map((rule) => ({ ...rule, sharedIp: value })) }),
  },
  {
    field: 'netmap[0].translatedCidr',
    render: (value) => renderNftables({ ...branchState, netmap: branchState.netmap.map((rule) => ({ ...rule, translatedCidr: value })) }),
  },
];

describe.each(STRUCTURAL_FIELDS.map((entry, index) => [`${entry.field} (#${index})`, entry] as const))('%s', (_title, { field, render }) => {
  it.each([...HOSTILE_TEXTS, ...NEAR_MISS_VALUES])('rejects %s, naming the field', (_label, value) => {
    let thrown: unknown;
    try {
      render(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).details.field).toBe(field);
    expect((thrown as DomainError).message).toContain(field);
  });
});

describe('hostile names in the real tools', () => {
  let namespace: NetworkNamespace | undefined;
  let dir: TempDir | undefined;
  let wg: WireguardGoInterface | undefined;

  beforeAll(async () => {
    requireTools([...WIREGUARD_TOOLS, ...NFTABLES_TOOLS]);
    namespace = NetworkNamespace.create('hsn');
    namespace.setHosts({ 'vpn.example.net': '203.0.113.200' });
    dir = createTempDir();
    wg = await startWireguardGo(namespace, uniqueName('hs'));
  }, 30_000);

  afterAll(async () => {
    await wg?.stop();
    namespace?.dispose();
    dir?.dispose();
  });

  /** Loads a wg-quick file the way a user would and returns what the interface reports. */
  function loadWgQuick(text: string): string {
    if (namespace === undefined || dir === undefined || wg === undefined) throw new Error('setup failed');
    const stripped = run('wg-quick', ['strip', dir.write(`${wg.name}.conf`, text)]);
    namespace.exec('wg', ['setconf', wg.name, dir.write('stripped.conf', stripped)]);
    return namespace.exec('wg', ['showconf', wg.name]);
  }

  it.each(HOSTILE_TEXTS)('wg-quick strip + wg setconf load names with %s like benign ones', (_label, text) => {
    const benign = loadWgQuick(wgQuick(branchState));
    expect(loadWgQuick(wgQuick(withHostileNames(branchState, text)))).toBe(benign);
  }, 20_000);

  it.each(HOSTILE_TEXTS)('nft -c accepts a script whose names hold %s', (_label, text) => {
    if (namespace === undefined || dir === undefined) throw new Error('setup failed');
    const file = dir.write('hostile.nft', renderNftables(withHostileNames(branchState, text)));
    expect(namespace.exec('nft', ['-c', '-f', file])).toBe('');
  }, 20_000);
});
