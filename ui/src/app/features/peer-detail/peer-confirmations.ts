import type { MatDialog } from '@angular/material/dialog';
import type { RemovalResponse } from '@wom/contracts';
import type { Peer } from '../../core/api.models';
import type { ApiService } from '../../core/api.service';
import { routerChanges, type ChangePreview } from '../../shared/change-preview.logic';
import { confirmChange } from '../../shared/confirm-dialog.component';
import { isApiManaged } from '../peers/peer-filter.logic';

/** What a delete answered: gone now (204), or being removed by jobs (202). */
export interface DeleteOutcome {
  readonly removedNow: boolean;
  readonly jobIds: readonly string[];
}

const outcome = (answer: unknown): DeleteOutcome => {
  const removal = answer as RemovalResponse | null;
  return removal && Array.isArray(removal.jobIds) ? { removedNow: removal.status === 'removed', jobIds: removal.jobIds } : { removedNow: true, jobIds: [] };
};

const kindOf = (p: Pick<Peer, 'type'>) => (p.type === 'mikrotik' ? 'router' : 'peer');

/**
 * Deleting a peer, confirmed by typing its name. A router this product manages shows the
 * removal preview the API computes (GET …/removal-preview: exactly the rows its undeploy takes off).
 */
export function confirmPeerDelete(dialog: MatDialog, api: ApiService, peer: Peer): Promise<DeleteOutcome | undefined> {
  const kind = kindOf(peer);
  return confirmChange(dialog, {
    title: `Delete ${kind} ${peer.name}`,
    confirmLabel: `Delete ${kind} ${peer.name}`,
    destructive: true,
    typeToConfirm: peer.name,
    preview: async (): Promise<ChangePreview> => {
      const others = { device: 'every other peer of the WAN', lines: [{ kind: 'remove' as const, text: `its WireGuard entry for ${peer.name} (${peer.tunnelIp}) and routes to ${peer.subnets.map((s) => s.cidr).join(', ') || 'no subnets'}` }] };
      if (!isApiManaged(peer)) {
        return { summary: `${peer.name} is forgotten now: its tunnel address ${peer.tunnelIp} is released and its subnets and services go with it.`, devices: [others] };
      }
      const removal = routerChanges(peer.name, await api.get<unknown>(`/api/peers/${peer.id}/mikrotik/removal-preview`));
      return { summary: `The rows this product wrote on ${peer.name} are taken off (${removal.lines.length}); it stays listed as "removing" until they are.`, devices: [removal, others] };
    },
    confirm: async () => outcome(await api.delete(`/api/peers/${peer.id}`)),
  });
}

/** Forgetting a peer whose removal cannot finish; what was written on its router stays there. */
export function confirmForget(dialog: MatDialog, api: ApiService, peer: Peer): Promise<DeleteOutcome | undefined> {
  const kind = kindOf(peer);
  return confirmChange(dialog, {
    title: `Forget ${kind} ${peer.name} now`,
    confirmLabel: `Forget ${kind} ${peer.name}`,
    destructive: true,
    typeToConfirm: peer.name,
    preview: async () => ({
      summary: `${peer.name} is forgotten without waiting for its undeploy. Nothing is taken off its router: the rows this product wrote stay there. The audit log records it.`,
      devices: [{ device: peer.name, lines: [{ kind: 'note', text: 'left as it is' }] }],
    }),
    confirm: async () => outcome(await api.delete(`/api/peers/${peer.id}?force=true`)),
  });
}

/** A new key pair for a config-file peer: its current configuration stops working until the new one is installed. */
export function confirmRegenerateKeys(dialog: MatDialog, api: ApiService, peer: Peer): Promise<true | undefined> {
  return confirmChange(dialog, {
    title: `Regenerate the keys of ${peer.name}`,
    confirmLabel: `Regenerate keys of ${peer.name}`,
    destructive: true,
    preview: async () => ({
      summary: `${peer.name} gets a new key pair. Its installed configuration stops working until the new one is downloaded and installed; every other peer gets its new public key.`,
      devices: [
        { device: peer.name, lines: [{ kind: 'change', text: `private and public key replaced (public key now ${peer.publicKey ?? 'none'})` }] },
        { device: 'every peer linked to it', lines: [{ kind: 'change', text: `its WireGuard entry for ${peer.name} takes the new public key` }] },
      ],
    }),
    confirm: async () => {
      await api.post(`/api/peers/${peer.id}/regenerate-keys`);
      return true as const;
    },
  });
}
