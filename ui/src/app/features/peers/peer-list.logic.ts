import { PEER_LIST_STATUSES, PEER_SORT_FIELDS, type PeerListStatus, type PeerSortField } from '@wom/contracts';
import { PEER_TYPES, type PeerType } from '@wom/domain';
import { limitOffset, oneOf, parsePaging, parseSort, sortValue, textParam, urlParams, type ListPaging, type ListSort } from '../../shared/lists/list-url.logic';

/** The peers table's state; every field is a URL query parameter of the peers page. */
export interface PeerListState {
  readonly q: string;
  readonly type: PeerType | '';
  readonly status: PeerListStatus | '';
  readonly tag: string;
  readonly subnet: string;
  readonly sort: ListSort<PeerSortField>;
  readonly paging: ListPaging;
}

export type PeerFilterKey = 'q' | 'type' | 'status' | 'tag' | 'subnet';

/** By name, as a NOC looks a site up. */
export const DEFAULT_PEER_LIST_SORT: ListSort<PeerSortField> = { active: 'name', direction: 'asc' };

type Params = { get(name: string): string | null };

export function parsePeerListState(params: Params): PeerListState {
  return {
    q: textParam(params.get('q')),
    type: oneOf(params.get('type'), PEER_TYPES),
    status: oneOf(params.get('status'), PEER_LIST_STATUSES),
    tag: textParam(params.get('tag'), 64),
    subnet: textParam(params.get('subnet'), 43),
    sort: parseSort(params.get('sort'), PEER_SORT_FIELDS, DEFAULT_PEER_LIST_SORT),
    paging: parsePaging(params),
  };
}

/** What `GET /api/wan/:wanId/peers` is asked for this state. */
export function peerListQuery(state: PeerListState): Record<string, string | number | undefined> {
  return { q: state.q, type: state.type, status: state.status, tag: state.tag, subnet: state.subnet, sort: sortValue(state.sort), ...limitOffset(state.paging) };
}

/** The URL's query parameters for a state (defaults left out). */
export function peerListParams(state: PeerListState): Record<string, string | null> {
  return urlParams({ q: state.q, type: state.type, status: state.status, tag: state.tag, subnet: state.subnet }, state.sort, DEFAULT_PEER_LIST_SORT, state.paging);
}

/** A filter changed: back to the first page, since the old page number means nothing in the new result. */
export function withFilter(state: PeerListState, key: PeerFilterKey, value: string): PeerListState {
  return { ...state, [key]: value.trim(), paging: { ...state.paging, page: 0 } };
}

/** A subnet filter the API would refuse (not a.b.c.d/n) is held back rather than sent as a 400. */
export function isSubnetFilter(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value.trim());
  return match !== null && match.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(match[5]) <= 32;
}
