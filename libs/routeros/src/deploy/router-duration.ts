const UNIT_SECONDS: Readonly<Record<string, number>> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1, ms: 0.001, us: 0.000_001 };

/**
 * Seconds in a RouterOS duration, whole seconds rounded down; null when it isn't one.
 *
 * Example: routerOsDurationSeconds('1w2d3h4m5s') → 788645; ('00:01:30') → 90; ('1d02:00:00') → 93600
 */
export function routerOsDurationSeconds(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const clock = /^(?:(\d+)d)?(\d+):(\d\d):(\d\d)$/.exec(text);
  if (clock) {
    const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = clock;
    return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
  }
  if (!/^(\d+(w|d|h|ms|us|m|s))+$/.test(text)) return null;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(w|d|h|ms|us|m|s)/g)) total += Number(amount) * (UNIT_SECONDS[unit ?? 's'] ?? 0);
  return Math.floor(total);
}

/** A numeric RouterOS value (`"3"`, `"0x10"`), or null when absent or not a number. */
export function routerOsNumber(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const value = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : Number(text);
  return Number.isFinite(value) ? value : null;
}
