import { join } from 'node:path';
import type { DesiredState } from '@wom/domain';
import { DomainError } from '@wom/domain';
import { ALL_FIXTURE_STATES, FIXTURE_KEYS, branchState, hubState, laptopState } from '../__fixtures__/desired-states';
import { expectGolden } from '../__fixtures__/real-tools';
import { renderWgQuick, wgQuickFileName } from './wg-quick.renderer';

const GOLDEN_DIR = join(__dirname, '..', '__golden__', 'wg-quick');
const GENERATED_AT = '2025-01-01T00:00:00.000Z';

function withInterface(state: DesiredState, changes: Partial<DesiredState['interface']>): DesiredState {
  return { ...state, interface: { ...state.interface, ...changes } };
}

function withFirstPeer(state: DesiredState, changes: Partial<DesiredState['peers'][number]>): DesiredState {
  const [first, ...rest] = state.peers;
  if (first === undefined) throw new Error('fixture has no peers');
  return { ...state, peers: [{ ...first, ...changes }, ...rest] };
}

describe('renderWgQuick golden files', () => {
  it.each(Object.entries(ALL_FIXTURE_STATES))('%s matches its golden .conf file byte for byte', (name, state) => {
    const privateKey = FIXTURE_KEYS[name as keyof typeof FIXTURE_KEYS].privateKey;
    expectGolden(join(GOLDEN_DIR, `${name}.conf`), renderWgQuick(state, { privateKey, generatedAt: GENERATED_AT }));
  });
});

describe('renderWgQuick', () => {
  it('renders every field of the interface and its peers', () => {
    const text = renderWgQuick(branchState, { privateKey: FIXTURE_KEYS.branch.privateKey });
    expect(text).toContain(`[Interface]\nPrivateKey = ${FIXTURE_KEYS.branch.privateKey}\nAddress = 10.0.0.2/32, 10.0.5.10/32\nListenPort = 13231\nMTU = 1420\n`);
    expect(text).toContain(
      `[Peer]\n# hq-hub\nPublicKey = ${FIXTURE_KEYS.hub.publicKey}\nEndpoint = vpn.example.net:51820\nAllowedIPs = 10.0.0.0/24, 10.0.5.0/24, 192.168.50.0/24\nPersistentKeepalive = 25\n`,
    );
    expect(text.endsWith('\n')).toBe(true);
  });

  it('leaves out what the state leaves open', () => {
    const text = renderWgQuick(hubState);
    expect(text).not.toMatch(/^(MTU|DNS|PrivateKey) =/m);
    expect(text).toContain('# PrivateKey: not included in this file');
    expect(text).not.toContain('# Generated:');
    // The laptop peer on the hub roams: no endpoint, no keepalive.
    expect(text).toContain(`# alice-laptop\nPublicKey = ${FIXTURE_KEYS.laptop.publicKey}\nAllowedIPs = 10.0.0.3/32\n`);
  });

  it('renders DNS and omits ListenPort for a roaming client', () => {
    const text = renderWgQuick(laptopState, { generatedAt: GENERATED_AT });
    expect(text).toContain('MTU = 1380\nDNS = 10.0.5.53\n');
    expect(text).not.toContain('ListenPort');
    expect(text).toContain(`# Generated: ${GENERATED_AT}\n`);
  });

  it('brackets IPv6 endpoint hosts', () => {
    const text = renderWgQuick(withFirstPeer(laptopState, { endpoint: { host: '2001:db8::1', port: 51820 } }));
    expect(text).toContain('Endpoint = [2001:db8::1]:51820\n');
  });

  it('omits Address and AllowedIPs lines that would be empty', () => {
    const text = renderWgQuick(withFirstPeer(withInterface(laptopState, { addresses: [] }), { allowedIps: [] }));
    expect(text).not.toContain('Address');
    expect(text).not.toContain('AllowedIPs');
  });

  it('never emits shell hooks', () => {
    for (const state of Object.values(ALL_FIXTURE_STATES)) expect(renderWgQuick(state)).not.toMatch(/^(Pre|Post)(Up|Down)/m);
  });

  it('names the file after the interface', () => {
    expect(wgQuickFileName(laptopState)).toBe('wg-wan-overlay.conf');
    expect(() => wgQuickFileName(withInterface(laptopState, { name: '../etc/passwd' }))).toThrow(DomainError);
  });

  it.each<[string, () => string, string]>([
    ['privateKey', () => renderWgQuick(laptopState, { privateKey: 'not-a-key' }), 'VALIDATION.INVALID_KEY'],
    ['interface.addresses[0]', () => renderWgQuick(withInterface(laptopState, { addresses: ['10.0.0.3'] })), 'VALIDATION.INVALID_CIDR'],
    ['interface.listenPort', () => renderWgQuick(withInterface(laptopState, { listenPort: 0 })), 'VALIDATION.INVALID_PORT'],
    ['interface.mtu', () => renderWgQuick(withInterface(laptopState, { mtu: 1279 })), 'VALIDATION.INVALID_MTU'],
    ['interface.dns[1]', () => renderWgQuick(withInterface(laptopState, { dns: ['10.0.5.53', '1.1.1.1, 8.8.8.8'] })), 'VALIDATION.INVALID_IPV4'],
    ['peers[0].publicKey', () => renderWgQuick(withFirstPeer(laptopState, { publicKey: FIXTURE_KEYS.hub.privateKey.slice(1) })), 'VALIDATION.INVALID_KEY'],
    ['peers[0].endpoint.host', () => renderWgQuick(withFirstPeer(laptopState, { endpoint: { host: '[2001:db8::1]', port: 1 } })), 'VALIDATION.INVALID_ENDPOINT'],
    ['peers[0].endpoint.port', () => renderWgQuick(withFirstPeer(laptopState, { endpoint: { host: '2001:db8::1', port: 70000 } })), 'VALIDATION.INVALID_PORT'],
    ['peers[0].allowedIps[1]', () => renderWgQuick(withFirstPeer(laptopState, { allowedIps: ['10.0.0.0/24', '10.0.5.1/24'] })), 'VALIDATION.HOST_BITS_SET'],
    ['peers[0].persistentKeepalive', () => renderWgQuick(withFirstPeer(laptopState, { persistentKeepalive: 1.5 })), 'VALIDATION.INVALID_KEEPALIVE'],
    ['peers[0].publicKey', () => renderWgQuick(withFirstPeer(laptopState, { publicKey: `${'A'.repeat(43)}=` })), 'VALIDATION.INVALID_KEY'],
  ])('rejects a bad %s', (field, render, code) => {
    expect(render).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });
});
