import { limitOffset, parsePaging, textParam, urlParams, type ListPaging, type ListSort } from '../../shared/lists/list-url.logic';

/** The audit table's state; every field is a URL query parameter of the audit page. Always newest first. */
export interface AuditListState {
  readonly q: string;
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  /** ISO 8601 instants, or ''. */
  readonly from: string;
  readonly to: string;
  readonly paging: ListPaging;
}

export type AuditFilterKey = 'q' | 'actor' | 'action' | 'entityType' | 'entityId' | 'from' | 'to';

/** The trail has one order, newest first; the URL carries no sort. */
const NEWEST_FIRST: ListSort<'at'> = { active: 'at', direction: 'desc' };
type Params = { get(name: string): string | null };

const isoParam = (value: string | null): string => (value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : '');

export function parseAuditListState(params: Params): AuditListState {
  return {
    q: textParam(params.get('q')),
    actor: textParam(params.get('actor'), 64),
    action: textParam(params.get('action'), 64),
    entityType: textParam(params.get('entityType'), 32),
    entityId: textParam(params.get('entityId'), 64),
    from: isoParam(params.get('from')),
    to: isoParam(params.get('to')),
    paging: parsePaging(params),
  };
}

/** What `GET /api/audit` is asked for, within a WAN or (undefined) everywhere. A swapped range is sent in order. */
export function auditListQuery(state: AuditListState, wanId: string | undefined): Record<string, string | number | undefined> {
  const [from, to] = state.from && state.to && state.from > state.to ? [state.to, state.from] : [state.from, state.to];
  return { q: state.q, actor: state.actor, action: state.action, entityType: state.entityType, entityId: state.entityId, from, to, wanId, ...limitOffset(state.paging) };
}

export function auditListParams(state: AuditListState): Record<string, string | null> {
  const { paging, ...filters } = state;
  const { sort: _sort, ...params } = urlParams(filters, NEWEST_FIRST, NEWEST_FIRST, paging);
  return params;
}

export function withAuditFilter(state: AuditListState, key: AuditFilterKey, value: string): AuditListState {
  return { ...state, [key]: value.trim(), paging: { ...state.paging, page: 0 } };
}

/**
 * A `datetime-local` input's value (local wall time, no zone) as an ISO instant, and back:
 * the URL holds instants so a link means the same moment in every time zone.
 */
export function localToIso(local: string): string {
  const time = Date.parse(local);
  return local && !Number.isNaN(time) ? new Date(time).toISOString() : '';
}

export function isoToLocal(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The fields that differ between before and after, for the detail view's summary line. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!before || !after) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}
