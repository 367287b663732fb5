import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ALL_FIXTURE_STATES, branchState, FIXTURE_KEYS, hubState, laptopState } from '../__fixtures__/desired-states';
import { tokenizeRouterOsLine, type ScriptToken } from '../__fixtures__/routeros-script-tokenizer';
import { managedCommentPrefix, toRouterOsResources } from '../routeros-rest';
import { renderRouterOsScript } from './routeros-script.renderer';

const GENERATED_AT = '2025-01-01T00:00:00Z';
const GOLDEN_DIR = join(__dirname, '..', '__golden__', 'routeros-script');

describe('renderRouterOsScript golden files', () => {
  it.each(Object.keys(ALL_FIXTURE_STATES) as Array<keyof typeof ALL_FIXTURE_STATES>)('renders %s byte for byte', (name) => {
    const script = renderRouterOsScript(ALL_FIXTURE_STATES[name], { generatedAt: GENERATED_AT });
    const file = join(GOLDEN_DIR, `${name}.rsc`);
    if (process.env['UPDATE_GOLDEN'] === '1') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, script);
    }
    if (!existsSync(file)) throw new Error(`${file} is missing; run the spec with UPDATE_GOLDEN=1 and review the result.`);
    expect(script).toBe(readFileSync(file, 'utf8'));
  });
});

describe('renderRouterOsScript structure', () => {
  const script = renderRouterOsScript(branchState, { generatedAt: GENERATED_AT });
  const prefix = managedCommentPrefix(branchState.peerId);

  it('is built from the same rows as the REST path: every row comment, every field value', () => {
    for (const row of toRouterOsResources(branchState)) {
      expect(script).toContain(`find where comment="${row.comment}"`);
      for (const [field, value] of Object.entries(row.fields)) expect(script).toContain(`${field}="${value}"`);
    }
  });

  it('only ever removes rows found by this peer\'s comment prefix', () => {
    const lines = script.split('\n');
    const removals = lines.filter((line) => /^\s*\/[a-z /-]+ remove /.test(line));
    expect(removals).toHaveLength(7);
    for (const line of removals) expect(line.trim()).toMatch(/^\/[a-z /-]+ remove \$i$/);
    const loops = lines.filter((line) => line.includes(':foreach'));
    for (const loop of loops) expect(loop).toContain(`find where comment~"^${prefix}"`);
  });

  it('places filter and NAT rules before the router\'s own rules, as the REST plan does', () => {
    expect(script).toContain(`/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^${prefix}")`);
    expect(script).toContain(`/ip firewall nat find where chain="srcnat" and dynamic=no and !(comment~"^${prefix}")`);
    expect(script).toContain('place-before=$anchor');
    expect(script).toContain('/ip firewall filter move $id destination=$anchor');
    expect(script).not.toContain('/ip firewall nat move');
  });

  it('sets a private key only when one is given, and resets omitted fields to defaults on set', () => {
    expect(script).not.toContain('private-key');
    const keyed = renderRouterOsScript(branchState, { generatedAt: GENERATED_AT, privateKey: FIXTURE_KEYS.branch.privateKey });
    expect(keyed).toContain(`private-key="${FIXTURE_KEYS.branch.privateKey}"`);
    const hub = renderRouterOsScript(hubState, { generatedAt: GENERATED_AT });
    expect(hub).toMatch(/peers set \$id interface="wg-wan-overlay" public-key="[^"]+" allowed-address="10\.0\.0\.3\/32" endpoint-address="" endpoint-port="0" persistent-keepalive="0s" disabled="no"/);
  });

  it('keeps an empty keep-list valid when a menu has no desired rows', () => {
    expect(renderRouterOsScript(laptopState, { generatedAt: GENERATED_AT })).toContain(':local keep [:toarray ""]');
  });
});

/** Lines a rendered script may start with; anything else would be an injected command. */
const LINE_STARTS = [
  /^#/,
  /^$/,
  /^\{$/,
  /^\}$/,
  /^\} else=\{$/,
  /^:local (keep|id|anchor|all) /,
  /^:if \(/,
  /^:foreach i in=\[/,
  /^:error "/,
  /^:put "/,
  /^\/(interface wireguard|interface wireguard peers|ip address|ip route|ip firewall address-list|ip firewall filter|ip firewall nat) (add|set|remove|move|print) /,
];

const HOSTILE = [
  '"; /system reset-configuration; "',
  '$[/system reboot]',
  '$(/system reboot)',
  'a\n/system reset-configuration',
  'cr\r/user remove admin',
  'back\\slash\\',
  '{ } [ ] ; ?',
  'nul\0byte',
  'Zürich 🚀 Ωmega',
  '\\"; :put [/system identity get name]; #',
  '\u2028line separator',
];

/** Puts `text` in every free-text field of a state: peer, remote and service names. */
function withText(text: string) {
  return {
    ...branchState,
    peerName: text,
    peers: branchState.peers.map((peer) => ({ ...peer, name: text })),
    serviceNat: branchState.serviceNat.map((service) => ({ ...service, name: text })),
  };
}

const structure = (tokens: ScriptToken[]) => tokens.filter((token) => token.kind === 'word' || token.kind === 'punct');

describe('renderRouterOsScript injection corpus', () => {
  const PLACEHOLDER = 'PLACEHOLDER';
  const benign = renderRouterOsScript(withText(PLACEHOLDER), { generatedAt: GENERATED_AT }).split('\n');

  it.each(HOSTILE)('keeps %p inside its string or comment', (hostile) => {
    const lines = renderRouterOsScript(withText(hostile), { generatedAt: GENERATED_AT }).split('\n');
    expect(lines).toHaveLength(benign.length);
    lines.forEach((line, index) => {
      expect(LINE_STARTS.some((start) => start.test(line.trim()))).toBe(true);
      const tokens = tokenizeRouterOsLine(line);
      const expected = tokenizeRouterOsLine(benign[index] ?? '');
      // Same words and punctuation as the benign script: the value added no syntax.
      expect(structure(tokens)).toEqual(structure(expected));
      // Every literal and comment decodes to exactly what the benign one held, with the value in place.
      const texts = tokens.filter((token) => token.kind === 'string' || token.kind === 'comment').map((token) => token.value);
      const benignTexts = expected.filter((token) => token.kind === 'string' || token.kind === 'comment').map((token) => token.value);
      expect(texts).toEqual(benignTexts.map((text) => text.split(PLACEHOLDER).join(hostile)));
    });
  });

  it('puts the hostile text somewhere, so the check above is not vacuous', () => {
    const lines = renderRouterOsScript(withText(HOSTILE[0] ?? ''), { generatedAt: GENERATED_AT }).split('\n');
    const strings = lines.flatMap(tokenizeRouterOsLine).filter((token) => token.kind === 'string').map((token) => token.value);
    expect(strings.some((value) => value.includes(HOSTILE[0] ?? ''))).toBe(true);
    expect(benign.filter((line) => line.startsWith('#') && line.includes(PLACEHOLDER)).length).toBeGreaterThanOrEqual(4);
  });

  it('neutralises a hostile header, generation time and configuration id', () => {
    const script = renderRouterOsScript({ ...withText('x'), contentHash: 'h\n/system reboot' }, { generatedAt: 'now\r\n/system reset-configuration' });
    for (const line of script.split('\n')) expect(LINE_STARTS.some((start) => start.test(line.trim()))).toBe(true);
    expect(script).toContain('# Generated: now\\0D\\0A/system reset-configuration');
  });

  it.each([
    ['interface name', { ...branchState, interface: { ...branchState.interface, name: 'wg"; /system reboot; "' } }, 'interface.name'],
    ['public key', { ...branchState, peers: [{ ...branchState.peers[0]!, publicKey: '$[/system reboot]' }] }, 'peers[0].publicKey'],
    ['endpoint host', { ...branchState, peers: [{ ...branchState.peers[0]!, endpoint: { host: 'vpn"; /system reboot', port: 1 } }] }, 'peers[0].endpoint.host'],
    ['local IP', { ...branchState, serviceNat: [{ ...branchState.serviceNat[0]!, localIp: '192.168.10.5 to-ports=1' }] }, 'serviceNat[0].localIp'],
  ])('refuses a hostile %s instead of quoting it', (_name, state, field) => {
    expect(() => renderRouterOsScript(state, { generatedAt: GENERATED_AT })).toThrow(expect.objectContaining({ details: expect.objectContaining({ field }) }));
  });
});
