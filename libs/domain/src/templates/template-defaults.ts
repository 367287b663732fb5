import { DomainError } from '../errors';
import { PEER_TYPES, type PeerType } from '../model/wan.model';
import { validateDnsServers, validateKeepalive, validateMtu, validatePort } from '../validation/network.validator';
import { validateDescription, validateName } from '../validation/text.validator';
import { describeValue, invalid } from '../validation/validation.util';
import { BUILT_IN_TEMPLATE_IDS, findBuiltInTemplate } from './built-in-templates';
import { validateTemplateBody } from './template-body.validator';
import type { ConfigTemplate, TemplateDefaults } from './template.model';

/** The fields of a peer-creation request a template can fill. Everything else passes through. */
export interface TemplatePeerInput {
  /** Passed through untouched; listed so a request of just a name is accepted (TypeScript's weak-type check). */
  readonly name?: string;
  readonly type?: PeerType;
  readonly listenPort?: number | null;
  readonly persistentKeepalive?: number | null;
  readonly mtu?: number | null;
  readonly dns?: readonly string[];
  readonly localSubnets?: readonly { readonly cidr: string; readonly isRouted?: boolean }[];
}

/** What {@link applyTemplateDefaults} returns: every template-controlled field is decided. */
export type TemplatedPeerInput<T extends TemplatePeerInput> = Omit<T, Exclude<keyof TemplatePeerInput, 'name'>> & {
  readonly type: PeerType;
  readonly listenPort: number | null;
  readonly persistentKeepalive: number | null;
  readonly mtu: number | null;
  readonly dns: readonly string[];
  readonly localSubnets: readonly (NonNullable<T['localSubnets']>[number] & { readonly isRouted: boolean })[];
  /** The template the peer was created from, for its record. */
  readonly templateId: string;
};

/**
 * "Create a peer from a template" as a pure function: fills every field the request left
 * `undefined` from the template. Anything given, `null` included, wins: `listenPort: null`
 * asks for no listen port even from the hub template. Local subnets without `isRouted` get
 * the template's `routesLocalSubnets`. A template given by id must be a built-in one
 * (custom templates are loaded by the caller and passed in); an unknown id fails with
 * `TEMPLATE.NOT_FOUND`.
 *
 * @example applyTemplateDefaults('simple-client', { name: 'alice-laptop' })
 * // → { name: 'alice-laptop', type: 'client', persistentKeepalive: 25, listenPort: null, mtu: null, dns: [], localSubnets: [], templateId: 'simple-client' }
 */
export function applyTemplateDefaults<T extends TemplatePeerInput>(template: string | ConfigTemplate, input: T): TemplatedPeerInput<T> {
  const chosen = typeof template === 'string' ? requireBuiltIn(template) : template;
  const { defaults } = chosen;
  const pick = <V>(given: V | undefined, fallback: V): V => (given === undefined ? fallback : given);
  return {
    ...input,
    type: pick(input.type, chosen.peerType),
    listenPort: pick(input.listenPort, defaults.listenPort),
    persistentKeepalive: pick(input.persistentKeepalive, defaults.persistentKeepalive),
    mtu: pick(input.mtu, defaults.mtu),
    dns: pick(input.dns, defaults.dns),
    localSubnets: (input.localSubnets ?? []).map((subnet) => ({ ...subnet, isRouted: subnet.isRouted ?? defaults.routesLocalSubnets })),
    templateId: chosen.id,
  } as TemplatedPeerInput<T>;
}

function requireBuiltIn(id: string): ConfigTemplate {
  const found = findBuiltInTemplate(id);
  if (found === undefined) {
    throw new DomainError('TEMPLATE.NOT_FOUND', `There is no built-in template "${id}"; built-in templates are ${BUILT_IN_TEMPLATE_IDS.join(', ')}.`, {
      field: 'templateId',
    });
  }
  return found;
}

/** A peer type from {@link PEER_TYPES}. */
export function validatePeerType(value: unknown, field: string): PeerType {
  if (typeof value !== 'string' || !(PEER_TYPES as readonly string[]).includes(value)) {
    throw invalid('VALIDATION.INVALID_PEER_TYPE', field, `${field} must be one of ${PEER_TYPES.join(', ')}; got ${describeValue(value)}.`);
  }
  return value as PeerType;
}

/** A template's defaults, each checked by the validator the peer's own field uses. */
export function validateTemplateDefaults(value: unknown, field: string): TemplateDefaults {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('TEMPLATE.INVALID_BODY', field, `${field} must be an object of template defaults.`);
  }
  const input = value as Record<string, unknown>;
  const nullable = <V>(key: string, validate: (v: unknown, f: string) => V): V | null =>
    input[key] === null || input[key] === undefined ? null : validate(input[key], `${field}.${key}`);
  const flag = (key: string): boolean => {
    if (input[key] === undefined) return false;
    if (typeof input[key] !== 'boolean') throw invalid('TEMPLATE.INVALID_BODY', `${field}.${key}`, `${field}.${key} must be true or false.`);
    return input[key];
  };
  return {
    persistentKeepalive: nullable('persistentKeepalive', validateKeepalive),
    listenPort: nullable('listenPort', validatePort),
    mtu: nullable('mtu', validateMtu),
    dns: input['dns'] === undefined ? [] : validateDnsServers(input['dns'], `${field}.dns`),
    routesLocalSubnets: flag('routesLocalSubnets'),
    publishesServices: flag('publishesServices'),
  };
}

/**
 * A custom template as a user saves it ("Custom", spec §4.5.1): name, description, peer
 * type, defaults and body all checked; the id is the caller's (database) business.
 */
export function validateCustomTemplate(value: {
  readonly id: string;
  readonly name: unknown;
  readonly description?: unknown;
  readonly peerType: unknown;
  readonly defaults?: unknown;
  readonly body: unknown;
}): ConfigTemplate {
  return {
    id: value.id,
    name: validateName(value.name, 'name'),
    description: value.description === undefined ? '' : validateDescription(value.description, 'description'),
    peerType: validatePeerType(value.peerType, 'peerType'),
    defaults: validateTemplateDefaults(value.defaults ?? {}, 'defaults'),
    body: validateTemplateBody(value.body, 'body'),
    builtIn: false,
  };
}
