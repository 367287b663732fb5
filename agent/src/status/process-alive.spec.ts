import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isProcessAlive } from './process-alive';

describe('isProcessAlive', () => {
  it('knows this process, and refuses nonsense pids', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect([undefined, 0, -1, 1.5].map((pid) => isProcessAlive(pid))).toEqual([false, false, false, false]);
  });

  it('takes a zombie (exited, not reaped) for gone', async () => {
    // sh starts a child that exits at once, then becomes `sleep`, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0 & exec sleep 30'], { stdio: 'ignore' });
    try {
      let zombie: number | undefined;
      for (let attempt = 0; attempt < 100 && zombie === undefined; attempt++) {
        const children = readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim();
        const pid = Number(children.split(' ')[0]);
        if (pid > 0 && readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')) zombie = pid;
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(zombie).toBeDefined();
      expect(isProcessAlive(zombie)).toBe(false);
      expect(isProcessAlive(parent.pid)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
