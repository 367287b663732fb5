import { isForWan } from './live-event.logic';

describe('events of one WAN', () => {
  const event = (data: Record<string, unknown>) => ({ type: 'peer.status', data });

  it("keeps the WAN's events and those naming no WAN, and drops other WANs'", () => {
    expect(isForWan(event({ wanId: 'a' }), 'a')).toBe(true);
    expect(isForWan(event({ wanId: 'b' }), 'a')).toBe(false);
    expect(isForWan(event({ jobId: 'j' }), 'a')).toBe(true);
    expect(isForWan(event({ wanId: null }), 'a')).toBe(true);
    expect(isForWan(event({ wanId: 'b' }), null)).toBe(true);
  });
});
