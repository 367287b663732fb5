import { readFileSync } from 'node:fs';

/**
 * Whether a process with this pid exists and runs (EPERM means it does, under another user).
 * A zombie is not running: a killed agent whose parent has not reaped it yet (the stub of a
 * service manager, a container without an init) must not hold up an uninstall.
 */
export function isProcessAlive(pid: number | undefined): boolean {
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // `pid (comm) S …`: the state follows the last ')', since comm may itself hold one.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}
