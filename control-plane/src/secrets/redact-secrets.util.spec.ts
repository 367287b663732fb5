import { isSensitiveKey, REDACTED, redactSecrets } from './redact-secrets.util';

const WG_PRIVATE = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const WG_PUBLIC = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const API_TOKEN = `wom_${'a'.repeat(16)}_${'B'.repeat(43)}`;

describe('isSensitiveKey', () => {
  it.each([
    'privateKey',
    'private_key',
    'PRIVATE-KEY',
    'password',
    'mikrotikPassword',
    'mikrotik_password',
    'token',
    'enrollmentToken',
    'secret',
    'jwtSecret',
    'apiKey',
    'X-Api-Key',
    'presharedKey',
    'authorization',
    'Cookie',
    'passwordHash',
  ])('%s is sensitive', (key) => expect(isSensitiveKey(key)).toBe(true));

  it.each(['publicKey', 'name', 'tunnelIp', 'endpoint', 'id', 'keepalive'])('%s is not', (key) => expect(isSensitiveKey(key)).toBe(false));
});

describe('redactSecrets', () => {
  it('replaces sensitive values at any depth and keeps the rest', () => {
    const input = {
      name: 'branch-a',
      publicKey: WG_PUBLIC,
      privateKey: WG_PRIVATE,
      mikrotik: { username: 'wom', Password: 'hunter2', apiToken: { value: 'x' } },
      peers: [{ id: 1, presharedKey: 'psk' }],
      hasPassword: true,
      password: null,
    };
    expect(redactSecrets(input)).toEqual({
      name: 'branch-a',
      publicKey: WG_PUBLIC,
      privateKey: REDACTED,
      mikrotik: { username: 'wom', Password: REDACTED, apiToken: REDACTED },
      peers: [{ id: 1, presharedKey: REDACTED }],
      hasPassword: true,
      password: null,
    });
    expect(input.privateKey).toBe(WG_PRIVATE);
  });

  it('redacts secrets inside wg-quick text and API tokens inside strings', () => {
    const config = `[Interface]\nPrivateKey = ${WG_PRIVATE}\n[Peer]\nPublicKey = ${WG_PUBLIC}\nPresharedKey=${WG_PRIVATE}\n`;
    const out = redactSecrets({ configurationText: config, note: `used ${API_TOKEN} today` });
    expect(out.configurationText).toBe(`[Interface]\nPrivateKey = ${REDACTED}\n[Peer]\nPublicKey = ${WG_PUBLIC}\nPresharedKey=${REDACTED}\n`);
    expect(out.note).toBe(`used ${REDACTED} today`);
  });

  it('survives cycles, deep nesting, throwing getters and odd types', () => {
    const cyclic: Record<string, unknown> = { name: 'a', token: 't' };
    cyclic['self'] = cyclic;
    cyclic['list'] = [cyclic];
    const shared = { x: 1 };
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100; i++) deep = (deep['next'] = {}) as Record<string, unknown>;
    const hostile = {
      get boom(): never {
        throw new Error('nope');
      },
    };
    const out = redactSecrets({
      cyclic,
      twice: [shared, shared],
      root,
      hostile,
      when: new Date(0),
      bytes: Buffer.from(WG_PRIVATE),
      big: 10n,
      fn: () => 1,
      map: new Map([['secret', 's'], ['ok', 'v']]),
      set: new Set(['a']),
      error: Object.assign(new Error('bad'), { password: 'p' }),
    });
    expect(out.cyclic).toEqual({ name: 'a', token: REDACTED, self: '[circular]', list: ['[circular]'] });
    expect(out.twice).toEqual([{ x: 1 }, { x: 1 }]);
    expect(JSON.stringify(out.root)).toContain('[truncated]');
    expect(out.hostile).toEqual({ boom: '[unreadable]' });
    expect(out.when).toEqual(new Date(0));
    expect(out.bytes).toBe(`[binary 44 bytes]`);
    expect(out.big).toBe('10');
    expect(out.fn).toBeUndefined();
    expect(out.map).toEqual({ secret: REDACTED, ok: 'v' });
    expect(out.set).toEqual(['a']);
    expect(out.error).toEqual({ name: 'Error', message: 'bad', password: REDACTED });
    expect(JSON.stringify(out)).not.toContain(WG_PRIVATE);
  });

  it('keeps "__proto__" keys as data', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "secret": "s"}') as Record<string, unknown>;
    const out = redactSecrets(parsed);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'secret']);
  });

  it.each([null, undefined, 42, 'text', true])('passes %p through', (value) => {
    expect(redactSecrets(value)).toBe(value);
  });
});
