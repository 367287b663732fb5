import type { RemovalPreview } from '@wom/contracts';
import type { ChangeLine, ChangePreview, DeviceChanges } from './change-preview.logic';

export type { RemovalDeviceChange, RemovalPreview } from '@wom/contracts';

const LINE_KIND: Readonly<Record<string, ChangeLine['kind']>> = {
  undeploy: 'remove',
  'agent-removal': 'remove',
  forgotten: 'remove',
  redeploy: 'change',
  'deploy-waiting': 'change',
  'agent-update': 'change',
  'config-download': 'change',
  'next-deploy': 'note',
  'left-on-device': 'note',
};

/**
 * The API's removal preview as the confirm dialog lists it: one device per row, its change in
 * the API's words. `extra` adds lines to a device (a router's rows from its own preview).
 *
 * Example: `{ summary: 'Service web goes at once; …', devices: [{ peerName: 'r1', change: 'redeploy', detail: 'A deploy-config job…' }] }`
 * → `{ summary: 'Service web goes at once; …', devices: [{ device: 'r1', lines: [{ kind: 'change', text: 'A deploy-config job…' }] }] }`.
 */
export function removalChanges(preview: RemovalPreview, extra: ReadonlyMap<string, readonly ChangeLine[]> = new Map()): ChangePreview {
  const devices: DeviceChanges[] = preview.devices.map((d) => ({
    device: d.peerName,
    lines: [{ kind: LINE_KIND[d.change] ?? 'note', text: d.detail }, ...(extra.get(d.peerId) ?? [])],
  }));
  return { summary: preview.summary, devices };
}
