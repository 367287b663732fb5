import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunJournal, type JournalEntry } from './run-journal';

describe('RunJournal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wom-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entry = (runId: string, startedAtMs: number): JournalEntry => ({ runId, jobId: `job-${runId}`, targetPeerId: 'peer-1', jobType: 'deploy-config', backupDigest: 'ab'.repeat(32), step: 'backup', startedAtMs });

  it('keeps a run from its backup to its end, 0600, and lists the ones a crash cut off, oldest first', async () => {
    const journal = new RunJournal(dir);
    await journal.begin(entry('run-b', 2));
    await journal.begin(entry('run-a', 1));
    await journal.step('run-a', 'apply');
    expect(statSync(join(dir, 'runs', 'run-a.json')).mode & 0o777).toBe(0o600);
    // A second journal over the same directory: what a restarted agent sees.
    expect((await new RunJournal(dir).unfinished()).map((e) => [e.runId, e.step])).toEqual([
      ['run-a', 'apply'],
      ['run-b', 'backup'],
    ]);
    await journal.end('run-a');
    expect((await journal.unfinished()).map((e) => e.runId)).toEqual(['run-b']);
  });

  it('has nothing unfinished before any run, and refuses run ids that are not file names', async () => {
    const journal = new RunJournal(dir);
    expect(await journal.unfinished()).toEqual([]);
    await expect(journal.begin(entry('../escape', 1))).rejects.toThrow(/cannot name a journal file/);
    await journal.end('../escape');
  });
});
