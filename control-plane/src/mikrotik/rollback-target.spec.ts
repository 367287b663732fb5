import type { DeploymentJobEntity } from '../database/entities';
import { nothingToRollBack, rollbackTargetRefusal } from './rollback-target';

const ROUTER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const JOB = '33333333-3333-4333-8333-333333333333';
const BACKUP = { format: 'wom.routeros-backup/1' };

type Candidate = Pick<DeploymentJobEntity, 'id' | 'peerId' | 'jobType' | 'status' | 'backup'>;
const job = (change: Partial<Candidate> = {}): Candidate => ({ id: JOB, peerId: ROUTER, jobType: 'deploy-config', status: 'completed', backup: BACKUP, ...change });

describe('rollbackTargetRefusal', () => {
  it.each<[string, Candidate | null, string | null, RegExp | null]>([
    ['a completed deployment of this router', job(), null, null],
    ['a reconcile of this router', job({ jobType: 'reconcile' }), null, null],
    ['a deployment that failed after its backup (its backup is still the state before it)', job({ status: 'failed' }), null, null],
    ['a job that does not exist', null, 'JOB.NOT_FOUND', /No job has the id 3333.*GET \/api\/peers\/1111.*\/jobs\?type=deploy-config/],
    ['a job of another router', job({ peerId: OTHER }), 'VALIDATION.FAILED', /belongs to another router \(peer 2222/],
    ['a job of another router that writes nothing', job({ peerId: OTHER, jobType: 'verify', backup: null }), 'VALIDATION.FAILED', /another router/],
    ['a verify job', job({ jobType: 'verify', backup: null }), 'VALIDATION.FAILED', /is a verify job, which takes no backup to restore; pick a deploy-config or reconcile job/],
    ['a rollback job', job({ jobType: 'rollback', backup: null }), 'VALIDATION.FAILED', /is a rollback job/],
    ['a deployment that ended before its backup', job({ status: 'failed', backup: null }), 'MIKROTIK.NO_BACKUP', /stored no backup \(it ended before reading the router\)/],
    ['a deployment not started yet', job({ status: 'pending', backup: null }), 'MIKROTIK.NO_BACKUP', /has not started yet/],
  ])('%s', (_label, candidate, code, reason) => {
    const refused = rollbackTargetRefusal(JOB, candidate, ROUTER);
    if (code === null) return expect(refused).toBeNull();
    expect(refused).toMatchObject({ code, message: expect.stringMatching(reason!), details: { fields: [{ field: 'jobId', reason: refused!.message }] } });
  });

  it('says what to do when nothing has changed the router yet', () => {
    expect(nothingToRollBack('branch-1')).toMatchObject({ code: 'MIKROTIK.NO_BACKUP', message: expect.stringMatching(/router "branch-1".*pass its id as jobId/) });
  });
});
