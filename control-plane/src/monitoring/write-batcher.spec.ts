import { WriteBatcher, type Schedule } from './write-batcher';

/** A schedule that runs only when the test says: the timer's wait is recorded, never slept. */
function manualSchedule(): { schedule: Schedule; waits: number[]; fire(): void; armed(): boolean } {
  let due: (() => void) | null = null;
  const waits: number[] = [];
  return {
    waits,
    schedule: (run, ms) => {
      waits.push(ms);
      due = run;
      return () => (due = null);
    },
    fire: () => {
      const run = due;
      due = null;
      run?.();
    },
    armed: () => due !== null,
  };
}

interface Item {
  readonly key: string;
  readonly value: number;
}

function batcher(options: { maxItems?: number; fail?: boolean } = {}) {
  const written: string[][] = [];
  const clock = manualSchedule();
  const writer = new WriteBatcher<Item, number>(
    async (items) => {
      written.push(items.map((item) => item.key));
      if (options.fail) throw new Error('database down');
      return items.map((item) => item.value * 10);
    },
    { maxItems: options.maxItems ?? 3, maxWaitMs: 250, keyOf: (item) => item.key, schedule: clock.schedule },
  );
  return { writer, written, clock };
}

describe('WriteBatcher', () => {
  it('writes items that came together in one batch once the wait is over, each caller getting its own result', async () => {
    const { writer, written, clock } = batcher();
    const a = writer.add({ key: 'a', value: 1 });
    const b = writer.add({ key: 'b', value: 2 });
    expect(written).toEqual([]);
    expect(clock.waits).toEqual([250]);
    clock.fire();
    await expect(Promise.all([a, b])).resolves.toEqual([10, 20]);
    expect(written).toEqual([['a', 'b']]);
  });

  it('writes a full batch at once, without waiting, and starts the next one afresh', async () => {
    const { writer, written, clock } = batcher({ maxItems: 2 });
    const first = [writer.add({ key: 'a', value: 1 }), writer.add({ key: 'b', value: 2 })];
    await expect(Promise.all(first)).resolves.toEqual([10, 20]);
    expect(clock.armed()).toBe(false);
    const third = writer.add({ key: 'c', value: 3 });
    expect(clock.armed()).toBe(true);
    clock.fire();
    await expect(third).resolves.toBe(30);
    expect(written).toEqual([['a', 'b'], ['c']]);
  });

  it('never puts two items with one key in one batch', async () => {
    const { writer, written, clock } = batcher();
    const first = writer.add({ key: 'r1', value: 1 });
    const again = writer.add({ key: 'r1', value: 2 });
    clock.fire();
    await expect(Promise.all([first, again])).resolves.toEqual([10, 20]);
    expect(written).toEqual([['r1'], ['r1']]);
  });

  it('rejects every item of a batch that could not be written, and keeps going with the next', async () => {
    const failing = batcher({ fail: true });
    const a = failing.writer.add({ key: 'a', value: 1 });
    const b = failing.writer.add({ key: 'b', value: 2 });
    failing.clock.fire();
    await expect(a).rejects.toThrow('database down');
    await expect(b).rejects.toThrow('database down');
    const { writer, clock } = batcher();
    const c = writer.add({ key: 'c', value: 3 });
    clock.fire();
    await expect(c).resolves.toBe(30);
  });

  it('flush writes what waits now and resolves when it is stored', async () => {
    const { writer, written, clock } = batcher();
    const a = writer.add({ key: 'a', value: 1 });
    await writer.flush();
    expect(written).toEqual([['a']]);
    await expect(a).resolves.toBe(10);
    expect(clock.armed()).toBe(false);
    await expect(writer.flush()).resolves.toBeUndefined();
  });
});
