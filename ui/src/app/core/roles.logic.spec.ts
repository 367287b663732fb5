import { roleAllows } from './roles.logic';

describe('roleAllows', () => {
  it.each([
    ['read-only', 'operator', false],
    ['operator', 'operator', true],
    ['operator', 'admin', false],
    ['admin', 'read-only', true],
    [null, 'read-only', false],
  ] as const)('%s may do what %s may: %s', (role, needed, allowed) => {
    expect(roleAllows(role, needed)).toBe(allowed);
  });
});
