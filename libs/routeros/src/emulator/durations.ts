/**
 * RouterOS time values (ROUTEROS-REST.md §5): written as seconds (`25`), as a clock
 * (`00:01:30`, `1d00:00:00`) or with units (`1m30s`, `2w1d`, `1ms500us`); always printed with
 * units, largest first, zero parts left out: `25s`, `1m30s`, `2d20h12m20s`, `453us`.
 */

const UNIT_MICROS: readonly (readonly [string, number])[] = [
  ['w', 604_800_000_000],
  ['d', 86_400_000_000],
  ['h', 3_600_000_000],
  ['m', 60_000_000],
  ['s', 1_000_000],
  ['ms', 1_000],
  ['us', 1],
];
const MICROS = new Map(UNIT_MICROS);
const WITH_UNITS = /^(?:\d+(?:w|d|h|ms|us|m|s))+$/;
const CLOCK = /^(?:(\d+)w)?(?:(\d+)d)?(\d+):([0-5]\d):([0-5]\d)$/;

/** Microseconds of a written time value; undefined when RouterOS would not read it as one. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1_000_000;
  const clock = CLOCK.exec(text);
  if (clock) {
    const [, weeks = '0', days = '0', hours = '0', minutes = '0', seconds = '0'] = clock;
    return ((((Number(weeks) * 7 + Number(days)) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1_000_000;
  }
  if (!WITH_UNITS.test(text)) return undefined;
  let total = 0;
  for (const [, amount = '0', unit = 's'] of text.matchAll(/(\d+)(w|d|h|ms|us|m|s)/g)) total += Number(amount) * (MICROS.get(unit) ?? 0);
  return total;
}

/** How RouterOS prints a time value, e.g. 90 000 000 → `1m30s`; zero is `0s`. */
export function formatDuration(micros: number): string {
  let rest = Math.round(micros);
  const parts: string[] = [];
  for (const [unit, size] of UNIT_MICROS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.length === 0 ? '0s' : parts.join('');
}
