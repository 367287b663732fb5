import { COMMON_WRITABLE, type MenuDef } from './menu.model';

const PAIR = '0/0';

export const QUEUE_SIMPLE_MENU: MenuDef = {
  path: '/queue/simple',
  writable: [
    ...COMMON_WRITABLE,
    'name',
    'target',
    'dst',
    'parent',
    'packet-marks',
    'max-limit',
    'limit-at',
    'burst-limit',
    'burst-threshold',
    'burst-time',
    'priority',
    'queue',
    'time',
  ],
  booleans: ['disabled'],
  required: ['target'],
  defaults: {
    'max-limit': PAIR,
    'limit-at': PAIR,
    'burst-limit': PAIR,
    'burst-threshold': PAIR,
    'burst-time': '0s/0s',
    priority: '8/8',
    queue: 'default-small/default-small',
    parent: 'none',
    disabled: 'false',
  },
  initialState: { bytes: '0/0', packets: '0/0', rate: '0/0', dropped: '0/0', dynamic: 'false', invalid: 'false' },
  canCreate: true,
  canDelete: true,
  named: true,
  check: (row, others) =>
    row['name'] !== undefined && others.some((other) => other['name'] === row['name']) ? 'failure: already have queue with such name' : undefined,
};

/** Written by RouterOS itself: read-only to REST users. */
export const LOG_MENU: MenuDef = { path: '/log', writable: [], canCreate: false, canDelete: false, named: false };

/** Files made by backup/save and export; they can be removed. */
export const FILE_MENU: MenuDef = { path: '/file', writable: [], canCreate: false, canDelete: true, named: true };
