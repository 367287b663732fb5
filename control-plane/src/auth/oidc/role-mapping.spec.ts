import { parseRoleMap } from '../../config/sso-config';
import { claimValues, mapRole } from './role-mapping';

describe('claimValues', () => {
  it.each<[string, Record<string, unknown>, string, string[]]>([
    ['an array of strings', { groups: ['noc', 'ops'] }, 'groups', ['noc', 'ops']],
    ['one string', { groups: 'noc' }, 'groups', ['noc']],
    ['a nested path', { realm_access: { roles: ['noc'] } }, 'realm_access.roles', ['noc']],
    ['a missing claim', {}, 'groups', []],
    ['non-strings mixed in', { groups: ['noc', 7, null, { a: 1 }] }, 'groups', ['noc']],
    ['a number', { groups: 42 }, 'groups', []],
    ['a path through an array', { groups: ['a'] }, 'groups.0', []],
    ['an inherited property', {}, 'constructor', []],
  ])('reads %s', (_label, claims, path, expected) => {
    expect(claimValues(claims, path)).toEqual(expected);
  });
});

describe('mapRole', () => {
  const rules = parseRoleMap('noc-admins=admin, noc=operator, *=viewer');

  it.each<[string[], string | null]>([
    [['noc-admins'], 'admin'],
    [['noc'], 'operator'],
    [['noc', 'noc-admins'], 'admin'],
    [['noc-admins', 'noc'], 'admin'],
    [['sales'], 'read-only'],
    [[], 'read-only'],
  ])('gives %p the role %p', (groups, role) => {
    expect(mapRole(groups, rules)).toBe(role);
  });

  it('refuses when nothing matches and there is no *', () => {
    expect(mapRole(['sales'], parseRoleMap('noc=operator'))).toBeNull();
  });

  it('refuses role maps it cannot read', () => {
    expect(() => parseRoleMap('noc=superuser')).toThrow(/OIDC_ROLE_MAP/);
    expect(() => parseRoleMap('=admin')).toThrow(/OIDC_ROLE_MAP/);
    expect(() => parseRoleMap('noc')).toThrow(/OIDC_ROLE_MAP/);
    expect(() => parseRoleMap(' , ')).toThrow(/OIDC_ROLE_MAP/);
  });
});
