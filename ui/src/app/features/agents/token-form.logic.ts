import { checkField, validateCidr, validateName, type PeerType } from '@wom/domain';
import { DEFAULT_EXPIRY_SECONDS } from './install-command.logic';

/** The API's bounds on uses (agents.dto.ts). */
export const MAX_TOKEN_USES = 10_000;

/** The agents page's token form as typed; `toTokenRequest` turns it into the API body. */
export interface TokenDraft {
  name: string;
  /** '' leaves it to the template, or to the API's default (server). */
  peerType: PeerType | '';
  /** The new peer's name; {hostname} and {n} are filled in at enrollment. '' is the API's default ({hostname}). */
  nameTemplate: string;
  /** Comma-separated. */
  tags: string;
  /** '' for none; a built-in slug or a custom template's UUID. */
  templateId: string;
  /** CIDRs, one per line (commas and spaces work too). */
  subnets: string;
  maxUses: string;
  expiresInSeconds: number;
  requiresApproval: boolean;
}

export const emptyTokenDraft = (): TokenDraft => ({
  name: '', peerType: '', nameTemplate: '', tags: '', templateId: '', subnets: '', maxUses: '1', expiresInSeconds: DEFAULT_EXPIRY_SECONDS, requiresApproval: false,
});

/** The CIDRs typed, in order, without blanks or repeats. */
export function subnetList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((part) => part.trim()).filter(Boolean))];
}

/** Tags typed as `a, b`, without blanks or repeats. */
export function tagList(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
}

/**
 * Every problem in the draft, keyed by the field name the API would use, with the domain's own
 * validators so the form and the API agree. Subnets fit one peer, so they need a single use.
 */
export function validateTokenDraft(draft: TokenDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  const check = (error: { field: string; reason: string } | null) => {
    if (error) problems[error.field] ??= error.reason;
  };
  if (draft.name.trim()) check(checkField(validateName, draft.name.trim(), 'name'));
  const uses = Number(draft.maxUses.trim());
  if (!/^\d+$/.test(draft.maxUses.trim()) || uses < 1 || uses > MAX_TOKEN_USES) problems['maxUses'] = `maxUses must be a whole number from 1 to ${MAX_TOKEN_USES}.`;
  tagList(draft.tags).forEach((tag, i) => check(checkField(validateName, tag, `tags[${i}]`)));
  const subnets = subnetList(draft.subnets);
  subnets.forEach((cidr, i) => check(checkField(validateCidr, cidr, `subnets[${i}].cidr`)));
  if (subnets.length > 0 && uses !== 1) {
    problems['subnets'] ??= 'Subnets need a single-use token (1 use): every peer the token created would claim the same LANs.';
  }
  return problems;
}

/** The `POST /api/enrollment-tokens` body; fields left empty are left to the API's defaults. */
export function toTokenRequest(draft: TokenDraft, wanId: string): Record<string, unknown> {
  const subnets = subnetList(draft.subnets);
  const tags = tagList(draft.tags);
  return {
    wanId,
    maxUses: Number(draft.maxUses.trim()),
    expiresInSeconds: draft.expiresInSeconds,
    requiresApproval: draft.requiresApproval,
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    ...(draft.peerType ? { peerType: draft.peerType } : {}),
    ...(draft.nameTemplate.trim() ? { nameTemplate: draft.nameTemplate.trim() } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(draft.templateId ? { templateId: draft.templateId } : {}),
    ...(subnets.length > 0 ? { subnets: subnets.map((cidr) => ({ cidr })) } : {}),
  };
}

/**
 * What a token's peer will look like, for the tokens table.
 *
 * Example: `{nameTemplate: 'br-{hostname}', templateId: 'site-router', subnets: [{cidr: '192.168.1.0/24'}]}`
 * → `br-{hostname} · site-router · 192.168.1.0/24`.
 */
export function tokenCreates(token: { readonly peerId: string | null; readonly nameTemplate: string; readonly templateId: string | null; readonly subnets: readonly { readonly cidr: string }[] }): string {
  if (token.peerId) return 'an existing peer';
  return [token.nameTemplate, token.templateId, token.subnets.map((s) => s.cidr).join(', ')].filter(Boolean).join(' · ');
}
