import type { RemovalResponse } from '@wom/contracts';
import type { Response } from 'express';
import type { RemovalStart } from './device-removal';

/**
 * 204 for a delete done at once with nothing to take off any device; otherwise 202 with the
 * jobs that do: "removing" while the object waits for its own device to be clean, "removed"
 * when it is gone and only other routers are being updated.
 */
export function removalAnswer(start: RemovalStart, res: Response): RemovalResponse | undefined {
  if (start.removedNow && start.jobIds.length === 0) {
    res.status(204);
    return undefined;
  }
  res.status(202);
  return { status: start.removedNow ? 'removed' : 'removing', jobIds: start.jobIds };
}
