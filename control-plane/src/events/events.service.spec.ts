import type { WomEvent } from './event-bus';
import { inWan, selectedTypes, sseFrame } from './events.service';

describe('SSE helpers', () => {
  it('writes one event per frame with the payload on one data line', () => {
    const frame = sseFrame({ type: 'config.changed', data: { wanId: 'w', peerIds: ['a'], reason: 'x\ny' }, at: '2026-01-01T00:00:00.000Z' });
    expect(frame).toBe('event: config.changed\ndata: {"wanId":"w","peerIds":["a"],"reason":"x\\ny","at":"2026-01-01T00:00:00.000Z"}\n\n');
  });

  it.each([
    [undefined, ['peer.status', 'job.progress', 'conflict.changed', 'config.changed']],
    ['config.changed,peer.status', ['peer.status', 'config.changed']],
    ['router.health, link.stats', ['router.health', 'link.stats']],
    ['bogus', ['peer.status', 'job.progress', 'conflict.changed', 'config.changed']],
    [['a', 'b'], ['peer.status', 'job.progress', 'conflict.changed', 'config.changed']],
  ])('selects types from %p', (raw, expected) => {
    expect([...selectedTypes(raw)]).toEqual(expected);
  });

  describe('?wanId=', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const status = (wanId: string): WomEvent => ({ type: 'peer.status', data: { peerId: 'p', wanId, isOnline: true, lastSeen: null }, at });
    const job = (wanId?: string | null): WomEvent => ({ type: 'job.progress', data: { jobId: 'j', peerId: 'p', status: 'running', progressPercent: 5, ...(wanId === undefined ? {} : { wanId }) }, at });

    it('passes everything when no WAN is asked for', () => {
      expect([status('a'), job('b'), job(null), job()].every((event) => inWan(event, undefined))).toBe(true);
    });

    it("keeps the WAN's events and leaves out other WANs' and jobs of no WAN", () => {
      expect(inWan(status('a'), 'a')).toBe(true);
      expect(inWan(status('b'), 'a')).toBe(false);
      expect(inWan(job('a'), 'a')).toBe(true);
      expect(inWan(job('b'), 'a')).toBe(false);
      expect(inWan(job(null), 'a')).toBe(false);
    });

    it('lets through an event whose publisher does not name a WAN', () => {
      expect(inWan(job(), 'a')).toBe(true);
    });
  });
});
