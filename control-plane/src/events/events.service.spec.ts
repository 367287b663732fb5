import { selectedTypes, sseFrame } from './events.service';

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
});
