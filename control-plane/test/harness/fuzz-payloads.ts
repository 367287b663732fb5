/**
 * Building blocks for the bad-input fuzz spec: a seeded pseudo-random generator and pools of
 * hostile values. Everything here is deterministic for a given seed, so a failing run can be
 * replayed with FUZZ_SEED=<seed>.
 */

/** mulberry32: tiny, fast and good enough to pick payloads; not for anything cryptographic. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

export const HUGE = 'A'.repeat(100_000);

/** Strings that have hurt someone somewhere: shell/RouterOS/SQL injection, template syntax, control chars. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '"; /system reset-configuration; "',
  '$(reboot)',
  '`reboot`',
  '{{PEER_NAME}}',
  '{{PRIVATE_KEY}}',
  '{{#each}}{{/each}}',
  '${process.exit(1)}',
  'line1\nline2',
  'a\r\n[Peer]\r\nAllowedIPs = 0.0.0.0/0',
  'nul\u0000byte',
  '\u0000',
  'ünïcødé ✓ 日本語 🚀',
  '\u202Eevil\u202C',
  '\uFEFF',
  '\uD800',
  '../../etc/passwd',
  '..\\..\\windows\\system32',
  "' OR '1'='1",
  "'; DROP TABLE peer; --",
  '<script>alert(1)</script>',
  '%00',
  '%s%s%s%n',
  '10.0.0.0/8',
  '0.0.0.0/0',
  '::/0',
  '256.256.256.256',
  '192.168.1.0/33',
  '10.9.0',
  'vpn.example.com:99999',
  ':51820',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg',
  'NaN',
  'null',
  'true',
  '-1',
  '1e309',
  HUGE,
  'x'.repeat(256),
  'x'.repeat(65),
];

export const HOSTILE_NUMBERS: readonly number[] = [
  -1, 0, 1, 65535, 65536, 70000, -65535, 1.5, 0.0001, -0.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE, 1e21,
];

/** Any JSON value, biased towards the nasty ones. */
export function hostileValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(0, 9)) {
    case 0:
    case 1:
    case 2:
      return rng.pick(HOSTILE_STRINGS);
    case 3:
    case 4:
      return rng.pick(HOSTILE_NUMBERS);
    case 5:
      return rng.pick([true, false, null]);
    case 6:
      return depth > 2 ? [] : Array.from({ length: rng.int(0, 3) }, () => hostileValue(rng, depth + 1));
    case 7:
      return depth > 2 ? {} : { [rng.pick(['a', 'cidr', '$ne', '__proto__', 'constructor'])]: hostileValue(rng, depth + 1) };
    case 8:
      return rng.pick([[], {}, [null], [{}], { length: 1e9 }]);
    default:
      return rng.pick(['192.168.1.0/24', '10.0.5.1', 'tcp', 'client', 'server', 'mesh', 'hub-and-spoke', 'isolate', 'nat-translate']);
  }
}

/** A value that is never valid for a scalar, array or enum field: an object. */
const POISON: readonly unknown[] = [{ $gt: '' }, { nested: { deeper: [1, 2] } }, { toString: 'x' }, { '0': 'a', length: 1 }];

export function poisonValue(rng: Rng): unknown {
  return rng.pick(POISON);
}

/**
 * A body for an endpoint whose DTO has `fields`: some real fields with hostile values, maybe an
 * unknown field. With `poison` it is guaranteed invalid (an unknown field, which the whitelist
 * refuses, or an object where a scalar/array belongs), so it cannot change stored data.
 */
export function hostileBody(rng: Rng, fields: readonly string[], poison: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const n = rng.int(0, Math.max(1, fields.length));
  for (let i = 0; i < n && fields.length > 0; i++) body[rng.pick(fields)] = hostileValue(rng);
  if (rng.chance(0.15)) body[rng.pick(['unknownField', 'id', 'wanId', 'createdAt', 'isAdmin', 'privateKey'])] = hostileValue(rng);
  if (poison) {
    if (fields.length === 0 || rng.chance(0.3)) body[`__fuzz_${rng.int(0, 999)}`] = hostileValue(rng);
    else body[rng.pick(fields)] = poisonValue(rng);
  }
  return body;
}

/** Raw request bodies sent with content-type application/json that are not valid JSON objects. */
export const MALFORMED_JSON: readonly string[] = [
  '{',
  '}',
  '{"name":',
  '{"name": "x",}',
  "{'name': 'x'}",
  '{"name": "x"}}',
  '[1, 2',
  'nul',
  'undefined',
  'NaN',
  '\u0000',
  '{"a":"\u0000',
  '{"name": "\\ud800"',
  '{"port": 0x50}',
  '{"a": 1e999999}',
  '['.repeat(2000),
  '{"a":'.repeat(500) + '1' + '}'.repeat(499),
  '\uFEFF{}x',
  '<xml/>',
  'name=x&type=client',
  '-- ; /system reset-configuration',
];

/** Bodies that parse as JSON but are not objects, or try prototype tricks. */
export const ODD_JSON: readonly string[] = [
  '[]',
  '[{}]',
  '"string"',
  '123',
  'null',
  'true',
  '{"__proto__": {"isAdmin": true}, "__fuzz": 1}',
  '{"constructor": {"prototype": {"polluted": 1}}, "__fuzz": 1}',
  '{"name": "a", "name": {"$ne": 1}}',
];

/** Path segments where a UUID (or, for templates, a slug) belongs. */
export function badIdSegments(): readonly string[] {
  return [
    'not-a-uuid',
    '1',
    '-1',
    'null',
    'undefined',
    '00000000-0000-0000-0000-00000000000',
    '00000000-0000-0000-0000-0000000000000',
    'gggggggg-gggg-gggg-gggg-gggggggggggg',
    '00000000000000000000000000000000',
    '{00000000-0000-0000-0000-000000000000}',
    encodeURIComponent('../../etc/passwd'),
    encodeURIComponent('"; /system reset-configuration; "'),
    encodeURIComponent('$(reboot)'),
    encodeURIComponent('{{PEER_NAME}}'),
    encodeURIComponent("'; DROP TABLE peer; --"),
    encodeURIComponent('ünï✓🚀'),
    '%00',
    '%0a',
    '%ff',
    '%E0%A4%A',
    'x'.repeat(1500),
  ];
}

/** Query strings for paginated/filtered reads. */
export function hostileQuery(rng: Rng, keys: readonly string[]): string {
  const values = ['-1', '0', '1', '501', '1e9', '1.5', 'abc', '', '%00', 'NaN', '99999999999999999999', encodeURIComponent('$(reboot)'), 'open', 'all', 'x'.repeat(3000)];
  const parts: string[] = [];
  const n = rng.int(0, 3);
  for (let i = 0; i < n; i++) {
    const key = rng.chance(0.85) ? rng.pick(keys) : rng.pick(['unknown', '__proto__', 'constructor']);
    switch (rng.int(0, 4)) {
      case 0:
        parts.push(`${key}[a]=1`);
        break;
      case 1:
        parts.push(`${key}=1&${key}=2`);
        break;
      default:
        parts.push(`${key}=${rng.pick(values)}`);
    }
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Bodies of every type but JSON, each as its sender would label it; '' sends no Content-Type at all. */
export const NON_JSON_BODIES: readonly { readonly contentType: string; readonly body: string }[] = [
  { contentType: 'text/plain', body: '{"name":"looks like JSON"}' },
  { contentType: 'application/x-www-form-urlencoded', body: 'name=x&type=client&subnets[0][cidr]=10.0.0.0%2F24' },
  { contentType: 'multipart/form-data; boundary=fuzz', body: '--fuzz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--fuzz--\r\n' },
  { contentType: 'application/xml', body: '<?xml version="1.0"?><peer><name>x</name></peer>' },
  { contentType: 'text/xml', body: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' },
  { contentType: 'application/octet-stream', body: '\u0000\u0001{}' },
  { contentType: 'application/jsonx', body: '{}' },
  { contentType: '', body: '{"name":"x"}' },
];

/**
 * JSON nested past the server's limit of 32 levels, from just past it to thousands deep, as
 * arrays, objects or both, at the top or inside a field.
 */
export function deepJsonBodies(fields: readonly string[] = []): readonly string[] {
  const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  const field = fields[0] ?? 'name';
  return [arrays(33), objects(40), `{"${field}":${arrays(5_000)}}`, `[${'{"x":['.repeat(600)}${']}'.repeat(600)}]`];
}
