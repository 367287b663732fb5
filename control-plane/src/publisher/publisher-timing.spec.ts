import { PublishSchedule } from './publisher-timing';

describe('publish schedule', () => {
  it('waits for a quiet window after the last change', () => {
    const schedule = new PublishSchedule({ quietMs: 150, maxWaitMs: 1000 });
    expect(schedule.observe({ newest: null, at: 0 })).toBe(false);
    expect(schedule.observe({ newest: '1', at: 10 })).toBe(false);
    expect(schedule.observe({ newest: '1', at: 100 })).toBe(false);
    expect(schedule.observe({ newest: '2', at: 150 })).toBe(false);
    expect(schedule.observe({ newest: '2', at: 299 })).toBe(false);
    expect(schedule.observe({ newest: '2', at: 300 })).toBe(true);
  });

  it('publishes after the maximum wait even while changes keep coming', () => {
    const schedule = new PublishSchedule({ quietMs: 150, maxWaitMs: 1000 });
    let published = -1;
    for (let at = 0; at <= 2000 && published < 0; at += 50) {
      if (schedule.observe({ newest: String(at), at })) published = at;
    }
    expect(published).toBe(1000);
  });

  it('starts a new window after publishing or when the outbox empties', () => {
    const schedule = new PublishSchedule({ quietMs: 100, maxWaitMs: 1000 });
    schedule.observe({ newest: '1', at: 0 });
    expect(schedule.observe({ newest: '1', at: 100 })).toBe(true);
    schedule.published();
    expect(schedule.observe({ newest: '2', at: 1500 })).toBe(false);
    expect(schedule.observe({ newest: null, at: 1550 })).toBe(false);
    expect(schedule.observe({ newest: '3', at: 2600 })).toBe(false);
    expect(schedule.observe({ newest: '3', at: 2700 })).toBe(true);
  });
});
