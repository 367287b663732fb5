import { convertToParamMap } from '@angular/router';
import { DEFAULT_JOB_LIST_SORT, jobDuration, jobListParams, jobListQuery, parseJobListState } from './job-list.logic';

const parse = (query: Record<string, string>) => parseJobListState(convertToParamMap(query));

describe('job list state in the URL', () => {
  it('defaults to the newest jobs first, 50 a page', () => {
    const state = parse({});
    expect(state).toEqual({ status: '', type: '', peerId: '', sort: DEFAULT_JOB_LIST_SORT, paging: { page: 0, size: 50 } });
    expect(jobListQuery(state, 'w1')).toEqual({ status: '', type: '', peerId: '', wanId: 'w1', sort: '-createdAt', limit: 50, offset: 0 });
    expect(Object.values(jobListParams(state)).every((value) => value === null)).toBe(true);
  });

  it('round-trips status, type, peer, sort and page', () => {
    const query = { status: 'failed', type: 'deploy-config', peerId: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d', sort: 'updatedAt', page: '2', size: '25' };
    expect(jobListParams(parse(query))).toEqual(query);
    expect(jobListQuery(parse(query), undefined)).toMatchObject({ wanId: undefined, sort: 'updatedAt', limit: 25, offset: 25 });
  });

  it('ignores values the API would refuse', () => {
    expect(parse({ status: 'done', type: 'deploy', peerId: '12', sort: 'name' })).toMatchObject({ status: '', type: '', peerId: '', sort: DEFAULT_JOB_LIST_SORT });
  });

  it.each([
    [{ startedAt: null, completedAt: null }, '—'],
    [{ startedAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:00:42Z' }, '42 s'],
    [{ startedAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:02:05Z' }, '2 min 5 s'],
    [{ startedAt: '2026-01-01T00:00:00Z', completedAt: null }, '1 h 1 min'],
  ])('duration of %j is %s', (job, text) => expect(jobDuration(job, Date.parse('2026-01-01T01:01:30Z'))).toBe(text));
});
