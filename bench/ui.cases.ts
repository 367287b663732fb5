import { coldDashboardCase } from './console-load';
import type { CaseOutcome } from './measure';
import { topologyCase } from './topology-map';

export const UI_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'ui-topology-200-hub-spoke': () => topologyCase('hub-spoke', 200),
  'ui-topology-200-mesh': () => topologyCase('mesh', 200),
  'ui-initial-bundle': coldDashboardCase,
};
