import { describeHandshake, linkHealth } from './link-health.logic';

describe('linkHealth', () => {
  it.each([
    [undefined, 'unknown'],
    [null, 'down'],
    [0, 'up'],
    [179, 'up'],
    [180, 'down'],
    [86_400, 'down'],
  ] as const)('handshake age %p → %s', (age, health) => expect(linkHealth(age)).toBe(health));
});

describe('describeHandshake', () => {
  it.each([
    [undefined, 'no reading'],
    [null, 'never'],
    [42, '42 s ago'],
    [300, '5 min ago'],
    [10_800, '3 h ago'],
    [259_200, '3 d ago'],
  ] as const)('%p → %s', (age, text) => expect(describeHandshake(age)).toBe(text));
});
