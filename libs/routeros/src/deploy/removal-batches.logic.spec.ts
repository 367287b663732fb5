import type { ApiCall, RouterOsMenu } from '@wom/renderers';
import { RouterOsError } from '../client/errors';
import { deletedRowId, groupApplySteps, MAX_ROWS_PER_REMOVE, retryRowByRow, stepSize } from './removal-batches.logic';

const del = (menu: RouterOsMenu, id: string): ApiCall => ({ method: 'DELETE', path: `/rest${menu}/${id}`, change: { kind: 'delete', menu, key: null, comment: `WAN-Overlay-Manager:x:${id}` } });
const put = (menu: RouterOsMenu): ApiCall => ({ method: 'PUT', path: `/rest${menu}`, body: { comment: 'c' }, change: { kind: 'create', menu, key: 'k', comment: 'c' } });

/** Each step as `menu: ids` (removal) or `METHOD menu` (other calls), for readable expectations. */
const shape = (calls: readonly ApiCall[], maxRows?: number): string[] =>
  groupApplySteps(calls, maxRows).map((step) => (step.kind === 'remove' ? `${step.menu}: ${step.rows.map((row) => row.id).join(',')}` : `${step.call.method} ${step.call.change.menu}`));

describe('groupApplySteps', () => {
  it('sends each run of removals in one menu as one step, in the planned order', () => {
    const calls = [del('/ip/firewall/nat', '*1'), del('/ip/firewall/nat', '*2'), del('/ip/route', '*3'), del('/ip/route', '*4'), del('/interface/wireguard', '*5'), put('/ip/address')];
    expect(shape(calls)).toEqual(['/ip/firewall/nat: *1,*2', '/ip/route: *3,*4', '/interface/wireguard: *5', 'PUT /ip/address']);
  });

  it('never merges removals across another call or another menu, so the planner order (interface last) holds', () => {
    const calls = [del('/ip/route', '*1'), put('/ip/route'), del('/ip/route', '*2'), del('/interface/wireguard/peers', '*3'), del('/ip/route', '*4')];
    expect(shape(calls)).toEqual(['/ip/route: *1', 'PUT /ip/route', '/ip/route: *2', '/interface/wireguard/peers: *3', '/ip/route: *4']);
  });

  it('splits a long run into chunks of at most maxRows ids', () => {
    const calls = Array.from({ length: 7 }, (_, i) => del('/interface/wireguard/peers', `*${i + 1}`));
    expect(shape(calls, 3)).toEqual(['/interface/wireguard/peers: *1,*2,*3', '/interface/wireguard/peers: *4,*5,*6', '/interface/wireguard/peers: *7']);
    const many = Array.from({ length: MAX_ROWS_PER_REMOVE + 1 }, (_, i) => del('/ip/route', `*${(i + 1).toString(16).toUpperCase()}`));
    expect(groupApplySteps(many).map(stepSize)).toEqual([MAX_ROWS_PER_REMOVE, 1]);
  });

  it('keeps every planned call exactly once, each removal with the DELETE it stands for', () => {
    const calls = [del('/ip/firewall/filter', '*A'), del('/ip/firewall/filter', '*1F'), put('/ip/firewall/filter'), del('/ip/address', '*80000001')];
    const steps = groupApplySteps(calls, 1);
    expect(steps.flatMap((step) => (step.kind === 'remove' ? step.rows.map((row) => row.call) : [step.call]))).toEqual(calls);
    expect(steps.reduce((sum, step) => sum + stepSize(step), 0)).toBe(calls.length);
    expect(calls.filter((call) => call.method === 'DELETE').map(deletedRowId)).toEqual(['*A', '*1F', '*80000001']);
    expect(groupApplySteps([])).toEqual([]);
  });
});

describe('retryRowByRow', () => {
  it('retries a batch the router refused for what one row may have caused', () => {
    expect(retryRowByRow(new RouterOsError('ROUTEROS.REQUEST_FAILED', { status: 400, detail: 'no such item' }))).toBe(true);
    expect(retryRowByRow(new RouterOsError('ROUTEROS.NOT_FOUND', { status: 404 }))).toBe(true);
    expect(retryRowByRow(new RouterOsError('ROUTEROS.INCOMPATIBLE_VERSION', { status: 400, detail: 'no such command or directory (remove)' }))).toBe(true);
  });

  it('does not retry what every DELETE would meet too: the user, or a router that does not answer', () => {
    expect(retryRowByRow(new RouterOsError('ROUTEROS.AUTH_FAILED', { status: 401 }))).toBe(false);
    expect(retryRowByRow(new RouterOsError('ROUTEROS.PERMISSION_DENIED', { status: 500, detail: 'not enough permissions (9)' }))).toBe(false);
    expect(retryRowByRow(new RouterOsError('ROUTEROS.TIMEOUT', { retry: 'unclear' }))).toBe(false);
    expect(retryRowByRow(new Error('not a router error'))).toBe(false);
  });
});
