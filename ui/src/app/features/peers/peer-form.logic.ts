import {
  checkField, detectConflicts, parseEndpoint, validateCidr, validateEndpointHost, validateInterfaceName, validateKeepalive, validateName, validatePort,
  validateRouterPassword, validateRouterUsername, validateWireGuardKey, type LocalSubnet, type PeerType, type SubnetConflict,
} from '@wom/domain';
import type { DeploymentMode, Peer, Wan } from '../../core/api.models';

export interface SubnetDraft {
  id?: string;
  cidr: string;
  isRouted: boolean;
  natEnabled: boolean;
  natTranslatedCidr: string;
  description: string;
}

/** The add/edit form's state: plain strings as typed, converted by `toPeerRequest`. */
export interface PeerDraft {
  name: string;
  type: PeerType;
  endpoint: string;
  listenPort: string;
  persistentKeepalive: string;
  publicKey: string;
  tags: string;
  deploymentMode: DeploymentMode;
  subnets: SubnetDraft[];
  mikrotik: { managementIp: string; apiPort: string; username: string; password: string; useSsl: boolean; verifyCert: boolean; autoDeploy: boolean; interfaceName: string };
}

export const emptyDraft = (): PeerDraft => ({
  name: '', type: 'client', endpoint: '', listenPort: '', persistentKeepalive: '25', publicKey: '', tags: '', deploymentMode: 'config-file', subnets: [],
  mikrotik: { managementIp: '', apiPort: '443', username: 'wom-api', password: '', useSsl: true, verifyCert: false, autoDeploy: false, interfaceName: 'wg-wan-overlay' },
});

/** The deployment mode a type gets unless the user picks another. */
export const defaultMode = (type: PeerType): DeploymentMode => (type === 'mikrotik' ? 'mikrotik-api' : type === 'server' || type === 'hub' || type === 'generic-router' ? 'agent' : 'config-file');

export function draftFromPeer(peer: Peer): PeerDraft {
  const base = emptyDraft();
  return {
    name: peer.name, type: peer.type, endpoint: peer.endpoint ?? '', listenPort: peer.listenPort?.toString() ?? '', persistentKeepalive: peer.persistentKeepalive?.toString() ?? '',
    publicKey: peer.publicKey ?? '', tags: peer.tags.join(', '), deploymentMode: peer.deploymentMode,
    subnets: peer.subnets.map((s) => ({ id: s.id, cidr: s.cidr, isRouted: s.isRouted, natEnabled: s.natEnabled, natTranslatedCidr: s.natTranslatedCidr ?? '', description: s.description })),
    mikrotik: {
      ...base.mikrotik,
      managementIp: peer.mikrotik?.managementIp ?? '', apiPort: peer.mikrotik?.apiPort?.toString() ?? base.mikrotik.apiPort, username: peer.mikrotik?.username ?? base.mikrotik.username,
      useSsl: peer.mikrotik?.useSsl ?? true, verifyCert: peer.mikrotik?.verifyCert ?? false, autoDeploy: peer.mikrotik?.autoDeploy ?? false, interfaceName: peer.mikrotik?.interfaceName ?? base.mikrotik.interfaceName,
    },
  };
}

/**
 * Every problem in the draft, by field name as the API would name it, using the same domain
 * validators the control plane runs, so the form and the API never disagree.
 */
export function validateDraft(draft: PeerDraft, editing: boolean): Record<string, string> {
  const problems: Record<string, string> = {};
  const check = (error: { field: string; reason: string } | null) => {
    if (error) problems[error.field] ??= error.reason;
  };
  check(checkField(validateName, draft.name.trim(), 'name'));
  if (draft.endpoint.trim()) check(checkField(parseEndpoint, draft.endpoint.trim(), 'endpoint'));
  if (draft.listenPort.trim()) check(checkField(validatePort, toNumber(draft.listenPort), 'listenPort'));
  if (draft.persistentKeepalive.trim()) check(checkField(validateKeepalive, toNumber(draft.persistentKeepalive), 'persistentKeepalive'));
  if (draft.publicKey.trim()) check(checkField(validateWireGuardKey, draft.publicKey.trim(), 'publicKey'));
  tagList(draft.tags).forEach((tag, i) => check(checkField(validateName, tag, `tags[${i}]`)));
  draft.subnets.forEach((subnet, i) => {
    check(checkField(validateCidr, subnet.cidr.trim(), `subnets[${i}].cidr`));
    if (subnet.natEnabled && subnet.natTranslatedCidr.trim()) check(checkField(validateCidr, subnet.natTranslatedCidr.trim(), `subnets[${i}].natTranslatedCidr`));
  });
  if (draft.type === 'mikrotik' && draft.deploymentMode === 'mikrotik-api') {
    const m = draft.mikrotik;
    if (!m.managementIp.trim()) problems['mikrotik.managementIp'] = 'The management IP or host name of the router is needed to manage it over the API.';
    else check(checkField(validateEndpointHost, m.managementIp.trim(), 'mikrotik.managementIp'));
    check(checkField(validatePort, toNumber(m.apiPort), 'mikrotik.apiPort'));
    if (m.username.trim()) check(checkField(validateRouterUsername, m.username.trim(), 'mikrotik.username'));
    else problems['mikrotik.username'] = 'A RouterOS user with the read, write, api and rest-api policies is needed.';
    if (m.password) check(checkField(validateRouterPassword, m.password, 'mikrotik.password'));
    else if (!editing) problems['mikrotik.password'] = 'The password of the RouterOS user is needed (stored encrypted).';
    check(checkField(validateInterfaceName, m.interfaceName.trim(), 'mikrotik.interfaceName'));
  }
  return problems;
}

/** The create/update body. MikroTik fields only for MikroTik peers; an empty password on edit keeps the stored one. */
export function toPeerRequest(draft: PeerDraft, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: draft.name.trim(),
    type: draft.type,
    deploymentMode: draft.deploymentMode,
    tags: tagList(draft.tags),
    subnets: draft.subnets.map((s) => ({
      cidr: s.cidr.trim(), isRouted: s.isRouted, natEnabled: s.natEnabled,
      ...(s.natEnabled && s.natTranslatedCidr.trim() ? { natTranslatedCidr: s.natTranslatedCidr.trim() } : {}),
      ...(s.description.trim() ? { description: s.description.trim() } : {}),
    })),
  };
  const optional = (key: string, value: unknown) => {
    if (value !== '' && value !== undefined) body[key] = value;
    else if (editing) body[key] = null;
  };
  optional('endpoint', draft.endpoint.trim());
  optional('listenPort', draft.listenPort.trim() ? toNumber(draft.listenPort) : '');
  optional('persistentKeepalive', draft.persistentKeepalive.trim() ? toNumber(draft.persistentKeepalive) : '');
  if (draft.publicKey.trim()) body['publicKey'] = draft.publicKey.trim();
  if (draft.type === 'mikrotik' && draft.deploymentMode === 'mikrotik-api') {
    const m = draft.mikrotik;
    body['mikrotik'] = {
      managementIp: m.managementIp.trim(), apiPort: toNumber(m.apiPort), username: m.username.trim(), useSsl: m.useSsl,
      verifyCert: m.verifyCert, autoDeploy: m.autoDeploy, interfaceName: m.interfaceName.trim(), ...(m.password ? { password: m.password } : {}),
    };
  }
  return body;
}

/**
 * Conflicts the draft's subnets would cause with the rest of the WAN, found as the user types
 * by the domain's own detector (the API runs the same one on save).
 */
export function liveConflicts(draft: PeerDraft, wan: Pick<Wan, 'tunnelIpRange' | 'sharedServicesRange'>, others: readonly Peer[], selfId = 'draft'): SubnetConflict[] {
  const valid = draft.subnets.filter((s) => checkField(validateCidr, s.cidr.trim(), 'cidr') === null);
  const mine: LocalSubnet[] = valid.map((s, i) => ({
    id: s.id ?? `draft-${i}`, peerId: selfId, cidr: s.cidr.trim(), isRouted: s.isRouted, natEnabled: s.natEnabled,
    natTranslatedCidr: s.natEnabled && checkField(validateCidr, s.natTranslatedCidr.trim(), 'x') === null ? s.natTranslatedCidr.trim() : null,
  }));
  const theirs: LocalSubnet[] = others
    .filter((p) => p.id !== selfId)
    .flatMap((p) => p.subnets.map((s) => ({ id: s.id, peerId: p.id, cidr: s.cidr, isRouted: s.isRouted, natEnabled: s.natEnabled, natTranslatedCidr: s.natTranslatedCidr })));
  const names = new Map<string, string>([[selfId, draft.name.trim() || 'this peer'], ...others.map((p) => [p.id, p.name] as [string, string])]);
  try {
    return detectConflicts({ tunnelIpRange: wan.tunnelIpRange, sharedServicesRange: wan.sharedServicesRange, subnets: [...theirs, ...mine], peerNames: names }, { peerId: selfId });
  } catch {
    return [];
  }
}

export function tagList(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

function toNumber(text: string): number | string {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}
