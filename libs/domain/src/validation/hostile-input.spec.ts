import type { DomainError, DomainErrorCode } from '../errors';
import { thrownDomainError } from '../__fixtures__/thrown-domain-error';
import { checkField } from './check-field.util';
import { parseEndpoint, validateEndpointHost } from './endpoint.validator';
import {
  validateCidr,
  validateDnsServers,
  validateInterfaceAddress,
  validateIpv4,
  validateKeepalive,
  validateMtu,
  validateNatProtocol,
  validatePort,
} from './network.validator';
import { validateDescription, validateInterfaceName, validateName } from './text.validator';
import type { FieldValidator } from './validation.util';
import { validateWireGuardKey } from './wireguard-key.validator';

/**
 * Everything an attacker or a sloppy client might send, thrown at every validator. Each
 * validator must refuse each input with its own code and the field named, except where a
 * row says a validator accepts it on purpose; those acceptances are asserted too, so the
 * table documents the decision and fails if it changes.
 */

interface Subject {
  readonly name: string;
  readonly validate: FieldValidator<unknown>;
  /** A value the validator accepts; hostile rows are built around it where that helps. */
  readonly valid: unknown;
  readonly code: DomainErrorCode;
}

const KEY = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';

const TEXT_SUBJECTS: readonly Subject[] = [
  { name: 'validateCidr', validate: validateCidr, valid: '192.168.1.0/24', code: 'VALIDATION.INVALID_CIDR' },
  { name: 'validateInterfaceAddress', validate: validateInterfaceAddress, valid: '10.0.0.2/24', code: 'VALIDATION.INVALID_CIDR' },
  { name: 'validateIpv4', validate: validateIpv4, valid: '10.0.0.1', code: 'VALIDATION.INVALID_IPV4' },
  { name: 'validateName', validate: validateName, valid: 'Paris office', code: 'VALIDATION.INVALID_NAME' },
  { name: 'validateInterfaceName', validate: validateInterfaceName, valid: 'wg-wan', code: 'VALIDATION.INVALID_INTERFACE_NAME' },
  { name: 'validateDescription', validate: validateDescription, valid: 'Head office', code: 'VALIDATION.INVALID_DESCRIPTION' },
  { name: 'parseEndpoint', validate: parseEndpoint, valid: 'vpn.example.com:51820', code: 'VALIDATION.INVALID_ENDPOINT' },
  { name: 'validateEndpointHost', validate: validateEndpointHost, valid: 'vpn.example.com', code: 'VALIDATION.INVALID_ENDPOINT' },
  { name: 'validateNatProtocol', validate: validateNatProtocol, valid: 'tcp', code: 'VALIDATION.INVALID_PROTOCOL' },
  { name: 'validateWireGuardKey', validate: validateWireGuardKey, valid: KEY, code: 'VALIDATION.INVALID_KEY' },
];

const NUMBER_SUBJECTS: readonly Subject[] = [
  { name: 'validatePort', validate: validatePort, valid: 51820, code: 'VALIDATION.INVALID_PORT' },
  { name: 'validateKeepalive', validate: validateKeepalive, valid: 25, code: 'VALIDATION.INVALID_KEEPALIVE' },
  { name: 'validateMtu', validate: validateMtu, valid: 1420, code: 'VALIDATION.INVALID_MTU' },
];

interface HostileText {
  readonly label: string;
  /** Built from the subject's valid value, so the hostile part is the only thing wrong. */
  readonly make: (valid: string) => string;
  /** Validators that accept this on purpose. */
  readonly acceptedBy?: readonly string[];
}

const HOSTILE_TEXT: readonly HostileText[] = [
  { label: 'a double quote', make: (v) => `${v}"` },
  { label: 'a single quote', make: (v) => `${v}'`, acceptedBy: ['validateDescription'] },
  { label: 'a dollar sign', make: (v) => `$(reboot)${v}` },
  { label: 'a semicolon', make: (v) => `${v};/system reset`, acceptedBy: ['validateDescription'] },
  { label: 'square brackets', make: (v) => `${v}[x]`, acceptedBy: ['validateDescription'] },
  { label: 'a backslash', make: (v) => `${v}\\` },
  { label: 'a trailing newline', make: (v) => `${v}\n` },
  { label: 'a newline in the middle', make: (v) => `${v}\n/ip address remove 0` },
  { label: 'a carriage return', make: (v) => `${v}\r` },
  { label: 'a tab', make: (v) => `\t${v}` },
  { label: 'curly braces', make: (v) => `{${v}}`, acceptedBy: ['validateDescription'] },
  { label: 'a NUL byte', make: (v) => `${v}\u0000` },
  { label: 'DEL', make: (v) => `${v}\u007f` },
  { label: 'non-ASCII', make: (v) => `${v}é` },
  { label: 'a right-to-left override', make: (v) => `\u202e${v}` },
  { label: 'a full-width digit', make: (v) => `${v}１` },
  { label: 'a very long string', make: (v) => `${v}${'a'.repeat(10_000)}` },
  { label: 'the empty string', make: () => '', acceptedBy: ['validateDescription'] },
  { label: 'only spaces', make: () => '   ', acceptedBy: ['validateDescription'] },
];

const NOT_STRINGS: readonly [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['a number', 42],
  ['a boolean', true],
  ['an array holding a valid string', ['10.0.0.1']],
  ['an object', { toString: () => '10.0.0.1' }],
];

const NOT_NUMBERS: readonly [string, unknown][] = [
  ['a number given as a string', '51820'],
  ['an exponent string', '1e3'],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a float', 1400.5],
  ['a negative number', -1],
  ['a huge number', 1e12],
  ['null', null],
  ['undefined', undefined],
  ['an array', [1420]],
  ['an object', { valueOf: () => 1420 }],
  ['a boolean', true],
];

function rejection(validate: FieldValidator<unknown>, value: unknown, field: string): DomainError {
  return thrownDomainError(() => validate(value, field));
}

describe('hostile input', () => {
  const textCases = TEXT_SUBJECTS.flatMap((subject) =>
    HOSTILE_TEXT.map((hostile) => ({ subject, hostile, value: hostile.make(String(subject.valid)) })),
  );

  it.each(textCases.filter(({ subject, hostile }) => !hostile.acceptedBy?.includes(subject.name)))(
    '$subject.name refuses $hostile.label',
    ({ subject, value }) => {
      const error = rejection(subject.validate, value, 'target');
      expect(error.code).toBe(subject.code);
      expect(error.details.field).toBe('target');
      expect(error.message).toContain('target');
    },
  );

  it.each(textCases.filter(({ subject, hostile }) => hostile.acceptedBy?.includes(subject.name)))(
    '$subject.name accepts $hostile.label on purpose',
    ({ subject, value }) => {
      expect(subject.validate(value, 'target')).toBe(value);
    },
  );

  it.each(TEXT_SUBJECTS.flatMap((subject) => NOT_STRINGS.map(([label, value]) => ({ subject, label, value }))))(
    '$subject.name refuses $label',
    ({ subject, value }) => {
      const error = rejection(subject.validate, value, 'target');
      expect(error.code).toBe(subject.code);
      expect(error.details.field).toBe('target');
      expect(error.message).toMatch(/^target must be .*; got /);
    },
  );

  it.each(NUMBER_SUBJECTS.flatMap((subject) => NOT_NUMBERS.map(([label, value]) => ({ subject, label, value }))))(
    '$subject.name refuses $label',
    ({ subject, value }) => {
      const error = rejection(subject.validate, value, 'target');
      expect(error.code).toBe(subject.code);
      expect(error.details.field).toBe('target');
      expect(error.message).toMatch(/^target must be a whole number from \d+ to \d+/);
    },
  );

  it.each([...TEXT_SUBJECTS, ...NUMBER_SUBJECTS])('$name accepts its valid sample, so the rows above prove something', (subject) => {
    expect(checkField(subject.validate, subject.valid, 'target')).toBeNull();
  });

  it.each<[string, unknown, string, DomainErrorCode]>([
    ['a single string instead of a list', '1.1.1.1', 'dns', 'VALIDATION.INVALID_DNS'],
    ['null', null, 'dns', 'VALIDATION.INVALID_DNS'],
    ['an object', { 0: '1.1.1.1', length: 1 }, 'dns', 'VALIDATION.INVALID_DNS'],
    ['a thousand entries', Array.from({ length: 1000 }, () => '1.1.1.1'), 'dns', 'VALIDATION.INVALID_DNS'],
    ['an injected command', ['1.1.1.1; reboot'], 'dns[0]', 'VALIDATION.INVALID_IPV4'],
    ['a trailing newline', ['1.1.1.1', '8.8.8.8\n'], 'dns[1]', 'VALIDATION.INVALID_IPV4'],
    ['a number', [16843009], 'dns[0]', 'VALIDATION.INVALID_IPV4'],
    ['a nested list', [['1.1.1.1']], 'dns[0]', 'VALIDATION.INVALID_IPV4'],
    ['null inside', [null], 'dns[0]', 'VALIDATION.INVALID_IPV4'],
  ])('validateDnsServers refuses %s, naming the field', (_label, value, field, code) => {
    const error = rejection(validateDnsServers, value, 'dns');
    expect(error.code).toBe(code);
    expect(error.details.field).toBe(field);
    expect(error.message).toContain(field);
  });
});
