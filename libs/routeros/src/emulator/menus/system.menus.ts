import { COMMON_FIELDS, TEXT, type MenuDef } from './menu.model';

const PAIR = { ...TEXT, default: '0/0' };

/** `/queue/simple` (ROUTEROS-REST.md §8): upload/download pairs, names unique. */
export const QUEUE_SIMPLE_MENU: MenuDef = {
  path: '/queue/simple',
  fields: {
    ...COMMON_FIELDS,
    name: TEXT,
    target: TEXT,
    dst: TEXT,
    parent: { ...TEXT, default: 'none' },
    'packet-marks': TEXT,
    'max-limit': PAIR,
    'limit-at': PAIR,
    'burst-limit': PAIR,
    'burst-threshold': PAIR,
    'burst-time': { ...TEXT, default: '0s/0s' },
    priority: { ...TEXT, default: '8/8' },
    queue: { ...TEXT, default: 'default-small/default-small' },
    time: TEXT,
  },
  required: ['target'],
  initialState: { bytes: '0/0', packets: '0/0', rate: '0/0', dropped: '0/0', dynamic: 'false', invalid: 'false' },
  canCreate: true,
  canDelete: true,
  named: true,
  // No capture gives this wording; it follows the interface one (ROUTEROS-REST.md §6) [?].
  check: (row, others) =>
    row['name'] !== undefined && others.some((other) => other['name'] === row['name']) ? 'failure: already have queue with such name' : undefined,
};

/** Written by RouterOS itself: read-only to REST users. */
export const LOG_MENU: MenuDef = { path: '/log', fields: {}, canCreate: false, canDelete: false, named: false };

/** Files made by backup/save and export; they can be removed. */
export const FILE_MENU: MenuDef = { path: '/file', fields: {}, canCreate: false, canDelete: true, named: true };
