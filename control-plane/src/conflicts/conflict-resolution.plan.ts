import { assignNatTranslation, detectConflicts, type ConflictResolution, type LocalSubnet, type SubnetConflict } from '@wom/domain';
import { AppError } from '../common/errors/app-error';
import { addressesInUse } from './nat-assignment';
import { checkSelectiveCidrs } from './selective-routing';

/** What the operator chose: the resolution and the details it needs. */
export interface ResolutionChoice {
  readonly resolution: ConflictResolution;
  readonly newCidr?: string;
  readonly allowedCidrs?: readonly string[];
}

/** A subnet as it will be once the resolution is applied; `id` is null for a subnet it adds. */
export interface PlannedSubnet {
  readonly id: string | null;
  readonly peerId: string;
  readonly cidr: string;
  readonly isRouted: boolean;
  readonly natEnabled: boolean;
  readonly natTranslatedCidr: string | null;
  readonly description: string;
}

/** Everything a resolution writes. Preview shows it and resolve writes it, so the two cannot differ. */
export interface ResolutionPlan {
  readonly resolution: ConflictResolution;
  /** The side the resolution changes, before and after. */
  readonly before: LocalSubnet;
  readonly after: PlannedSubnet;
  /** Subnets the resolution adds (selective routing: one per routed part). */
  readonly added: readonly PlannedSubnet[];
}

interface WanRanges {
  readonly tunnelIpRange: string;
  readonly sharedServicesRange: string;
}

/**
 * Works out what resolving a conflict on `target` writes, from the WAN's subnets as they are.
 * Pure: the control plane calls it once for a preview and once, under the WAN lock, to apply.
 *
 * Example: target 192.168.1.0/24 with nat-translate, the WAN using 172.16.0.0/24 elsewhere →
 * after = { natEnabled: true, isRouted: true, natTranslatedCidr: '172.16.1.0/24' }. The target's
 * own earlier translation is not "in use": it is the one being replaced.
 */
export function planResolution(wan: WanRanges, target: LocalSubnet, wanSubnets: readonly LocalSubnet[], choice: ResolutionChoice): ResolutionPlan {
  const before = target;
  const base: PlannedSubnet = { ...target, id: target.id, description: target.description ?? '' };
  const others = wanSubnets.filter((s) => s.id !== target.id);
  const freeTranslation = (cidr: string) => assignNatTranslation(cidr, addressesInUse(wan, others).concat(cidr), 'natTranslatedCidr');
  switch (choice.resolution) {
    case 'isolate':
      return { resolution: choice.resolution, before, after: { ...base, isRouted: false }, added: [] };
    case 'nat-translate':
      return { resolution: choice.resolution, before, after: { ...base, natEnabled: true, isRouted: true, natTranslatedCidr: freeTranslation(target.cidr) }, added: [] };
    case 'change-network': {
      if (choice.newCidr === undefined) throw invalid('newCidr', 'newCidr is required for change-network: give the LAN prefix the subnet was renumbered to.');
      const newCidr = choice.newCidr;
      const sameSize = target.natTranslatedCidr === null || target.natTranslatedCidr.endsWith(newCidr.slice(newCidr.indexOf('/')));
      // A translation must match the LAN's size; a different size gets a fresh one.
      const natTranslatedCidr = target.natEnabled && !sameSize ? freeTranslation(newCidr) : target.natTranslatedCidr;
      return { resolution: choice.resolution, before, after: { ...base, cidr: newCidr, natTranslatedCidr }, added: [] };
    }
    case 'selective-routing': {
      if (choice.allowedCidrs === undefined) throw invalid('allowedCidrs', 'allowedCidrs is required for selective-routing: list the parts of the subnet to keep routing.');
      const parts = checkSelectiveCidrs(target.cidr, choice.allowedCidrs);
      // The LAN stays on record unrouted; each routed part is a subnet of its own, so the
      // compiler, the renderers and conflict detection need no notion of "partly routed".
      const description = `Selectively routed part of ${target.cidr}`;
      const added = parts.map((cidr): PlannedSubnet => ({ id: null, peerId: target.peerId, cidr, isRouted: true, natEnabled: false, natTranslatedCidr: null, description }));
      return { resolution: choice.resolution, before, after: { ...base, isRouted: false }, added };
    }
  }
}

/** The WAN's subnets once the plan is applied; added subnets get placeholder ids `planned-<i>`. */
export function subnetsAfter(wanSubnets: readonly LocalSubnet[], plan: ResolutionPlan): LocalSubnet[] {
  const changed = wanSubnets.map((s) => (s.id === plan.before.id ? { ...plan.after, id: s.id } : s));
  return [...changed, ...plan.added.map((s, i) => ({ ...s, id: `planned-${i}` }))];
}

/**
 * Conflicts a renumbered network or a routed part would still have: a resolution the operator
 * typed must itself be clear of every conflict, or it is refused naming the field they typed.
 */
export function conflictsLeftBy(wan: WanRanges, wanSubnets: readonly LocalSubnet[], plan: ResolutionPlan, peerNames: ReadonlyMap<string, string>): SubnetConflict[] {
  if (plan.resolution !== 'change-network' && plan.resolution !== 'selective-routing') return [];
  const after = subnetsAfter(wanSubnets, plan);
  // Selective routing leaves the LAN itself unrouted, as isolate does; only its routed parts are new.
  const typed = new Set(plan.resolution === 'change-network' ? [plan.before.id] : after.filter((s) => s.id.startsWith('planned-')).map((s) => s.id));
  const touching = (c: SubnetConflict) => typed.has(c.a.subnetId) || (c.b.kind === 'subnet' && typed.has(c.b.subnetId));
  return detectConflicts({ ...wan, subnets: after, peerNames }).filter(touching);
}

const invalid = (field: string, reason: string) => new AppError('CONFLICT.INVALID_RESOLUTION', reason, { fields: [{ field, reason }] });
