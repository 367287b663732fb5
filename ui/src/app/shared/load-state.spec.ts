import { describeProblem } from '../core/api-error.logic';
import { LoadState } from './load-state';

const describe_ = (error: unknown) => describeProblem(500, { code: 'PEER.NOT_READY', message: String(error) });

describe('LoadState', () => {
  it('is loading while a load runs, then loaded', async () => {
    const state = new LoadState(describe_);
    let finish!: () => void;
    const running = state.run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(state.loading()).toBe(true);
    expect(state.loaded()).toBe(false);
    finish();
    await running;
    expect(state.loading()).toBe(false);
    expect(state.loaded()).toBe(true);
    expect(state.problem()).toBeNull();
  });

  it('keeps a failure as the problem to show, and a later success clears it', async () => {
    const state = new LoadState(describe_);
    await state.run(() => Promise.reject(new Error('database busy')));
    expect(state.problem()?.detail).toContain('database busy');
    expect(state.loaded()).toBe(false);
    await state.run(() => Promise.resolve());
    expect(state.problem()).toBeNull();
    expect(state.loaded()).toBe(true);
  });

  it('lets only the latest load decide: an older failure arriving late changes nothing', async () => {
    const state = new LoadState(describe_);
    let failOld!: (error: Error) => void;
    const old = state.run(() => new Promise<void>((_, reject) => (failOld = reject)));
    await state.run(() => Promise.resolve());
    failOld(new Error('stale'));
    await old;
    expect(state.problem()).toBeNull();
    expect(state.loading()).toBe(false);
  });
});
