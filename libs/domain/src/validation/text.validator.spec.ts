import { thrownDomainError } from '../__fixtures__/thrown-domain-error';
import { validateDescription, validateInterfaceName, validateName } from './text.validator';

const messageOf = (action: () => unknown): string => thrownDomainError(action).message;

describe('validateName', () => {
  it.each(['a', 'Paris office-2', 'edge_router.lan', 'A'.repeat(64), '1 2  3'])('accepts %j unchanged', (name) => {
    expect(validateName(name, 'name')).toBe(name);
  });

  it.each([
    ['empty', '', 'name must not be empty.'],
    ['65 characters', 'A'.repeat(65), 'name is 65 characters long; names have at most 64.'],
    ['a leading space', ' Paris', 'name must not start or end with a space.'],
    ['a trailing space', 'Paris ', 'name must not start or end with a space.'],
    ['a semicolon', 'Paris; rm', 'name contains ";"; names may use letters, digits, spaces, "-", "_" and ".".'],
    ['a slash', 'a/b', 'name contains "/"; names may use letters, digits, spaces, "-", "_" and ".".'],
    ['a NUL', 'a\u0000', 'name contains a control character (U+0000); names may use letters, digits, spaces, "-", "_" and ".".'],
    ['an accent', 'Zürich', 'name contains the non-ASCII character U+00FC; names may use letters, digits, spaces, "-", "_" and ".".'],
    ['an emoji', 'a😀', 'name contains the non-ASCII character U+1F600; names may use letters, digits, spaces, "-", "_" and ".".'],
  ])('refuses %s, saying why', (_label, name, message) => {
    expect(messageOf(() => validateName(name, 'name'))).toBe(message);
  });
});

describe('validateInterfaceName', () => {
  it.each(['wg0', 'wg-wan-overlay', 'wg_wan.1', 'a', 'x'.repeat(15), '.hidden', '...'])('accepts %j', (name) => {
    expect(validateInterfaceName(name, 'interfaceName')).toBe(name);
  });

  it.each([
    ['empty', '', 'interfaceName must not be empty.'],
    ['16 characters', 'x'.repeat(16), 'interfaceName is 16 characters long; interface names have at most 15.'],
    ['a leading dash', '-wg0', 'interfaceName must not start with "-".'],
    ['a dot', '.', 'interfaceName must not be ".".'],
    ['two dots', '..', 'interfaceName must not be "..".'],
    ['a space', 'wg 0', 'interfaceName contains a space; interface names may use letters, digits, "_", "." and "-".'],
    ['a slash', 'wg/0', 'interfaceName contains "/"; interface names may use letters, digits, "_", "." and "-".'],
    ['a colon', 'eth0:1', 'interfaceName contains ":"; interface names may use letters, digits, "_", "." and "-".'],
  ])('refuses %s, saying why', (_label, name, message) => {
    expect(messageOf(() => validateInterfaceName(name, 'interfaceName'))).toBe(message);
  });
});

describe('validateDescription', () => {
  it.each(['', 'Head office, 2nd floor (rack #3)', "Bob's printer; VLAN [20] {lab}", 'x'.repeat(500), '  padded  '])('accepts %j unchanged', (text) => {
    expect(validateDescription(text, 'description')).toBe(text);
  });

  it.each([
    ['501 characters', 'x'.repeat(501), 'description is 501 characters long; descriptions have at most 500.'],
    ['a newline', 'line one\nline two', 'description contains a control character (U+000A); descriptions are one line of printable ASCII, except the characters " \\ $.'],
    ['a double quote', 'say "hi"', 'description contains """; descriptions are one line of printable ASCII, except the characters " \\ $.'],
    ['a dollar', 'cost $5', 'description contains "$"; descriptions are one line of printable ASCII, except the characters " \\ $.'],
    ['non-ASCII', 'café', 'description contains the non-ASCII character U+00E9; descriptions are one line of printable ASCII, except the characters " \\ $.'],
  ])('refuses %s, saying why', (_label, text, message) => {
    expect(messageOf(() => validateDescription(text, 'description'))).toBe(message);
  });
});
