import { routerOsListName } from './routeros-value.validator';

describe('routerOsListName', () => {
  it('accepts the names we derive from interface names', () => {
    expect(routerOsListName('wom-wg-wan-overlay', 'interface.name')).toBe('wom-wg-wan-overlay');
  });

  it.each(['', '-wom', 'wom list', 'wom"x', 'w'.repeat(65)])('refuses %p, naming the field', (name) => {
    expect(() => routerOsListName(name, 'interface.name')).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_NAME', details: { field: 'interface.name' } }));
  });
});
