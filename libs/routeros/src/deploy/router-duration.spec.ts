import { routerOsDurationSeconds, routerOsNumber } from './router-duration';

describe('routerOsDurationSeconds', () => {
  it.each([
    ['14s', 14],
    ['1m14s', 74],
    ['2d20h12m20s', 245540],
    ['1w2d3h4m5s', 788645],
    ['1s500ms', 1],
    ['453us', 0],
    ['00:01:30', 90],
    ['1d02:00:00', 93600],
  ])('%s → %d', (text, seconds) => expect(routerOsDurationSeconds(text)).toBe(seconds));

  it.each([undefined, '', 'never', '5x', '1:2'])('%j is not a duration', (text) => expect(routerOsDurationSeconds(text)).toBeNull());
});

describe('routerOsNumber', () => {
  it.each([
    ['3', 3],
    ['0x8000', 32768],
    [undefined, null],
    ['', null],
    ['auto', null],
  ] as const)('%j → %j', (text, value) => expect(routerOsNumber(text)).toBe(value));
});
