import { badRequest, type Row } from './emulator.model';
import type { RouterState } from './router-state';
import { atLeast } from './version-gates';

/**
 * `/system/identity`, `/system/resource` and `/system/routerboard`: one object each, not a
 * table (ROUTEROS-REST.md §2, §8). Values are fixed so tests can assert them exactly.
 */

function resource(state: RouterState): Row {
  const chr = (state.options.board ?? 'routerboard') !== 'routerboard';
  return {
    'architecture-name': chr ? 'x86_64' : 'arm64',
    'bad-blocks': '0',
    'board-name': chr ? 'CHR' : 'RB5009UG+S+',
    // Dates print as the release prints them (ROUTEROS-REST.md §5).
    'build-time': atLeast(state.version, '7.11') ? '2025-05-20 10:00:00' : 'May/20/2025 10:00:00',
    cpu: chr ? 'QEMU Virtual CPU' : 'ARM64',
    'cpu-count': '2',
    'cpu-frequency': '2400',
    'cpu-load': '3',
    'factory-software': '7.1',
    'free-hdd-space': '85000000',
    'free-memory': '900000000',
    platform: 'MikroTik',
    'total-hdd-space': '100000000',
    'total-memory': '1073741824',
    uptime: '1d2h3m4s',
    version: state.version.raw,
    'write-sect-since-reboot': '120',
    'write-sect-total': '4200',
  };
}

/** x86 CHR has no routerboard menu; arm64 CHR answers `routerboard: false` (ROUTEROS-REST.md §8). */
function routerboard(state: RouterState): Row {
  const board = state.options.board ?? 'routerboard';
  if (board === 'chr-x86') throw badRequest('no such command or directory (routerboard)');
  if (board === 'chr-arm') return { routerboard: 'false' };
  const version = state.version.raw.split(' ')[0] ?? '';
  return {
    routerboard: 'true',
    'board-name': 'RB5009UG+S+',
    model: 'RB5009UG+S+',
    revision: 'r2',
    'serial-number': 'HE0812345678',
    'firmware-type': 'mvebu',
    'factory-firmware': '7.4',
    'current-firmware': version,
    'upgrade-firmware': version,
  };
}

export const SINGLETONS: Readonly<Record<string, (state: RouterState) => Row>> = {
  '/system/identity': (state) => ({ name: state.identity }),
  '/system/resource': resource,
  '/system/routerboard': routerboard,
};
