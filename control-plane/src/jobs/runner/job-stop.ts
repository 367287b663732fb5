import { JOB_STOP_CODES } from '@wom/contracts';

export { JOB_STOP_CODES as STOP_CODES, JobStop, stopReason, type JobStopCode as StopCode } from '@wom/contracts';

/** A job that stopped (it rolled back, or never started) ends `cancelled` only when a user asked. */
export const stoppedStatus = (code: string): 'cancelled' | 'failed' => (code === JOB_STOP_CODES.cancelled ? 'cancelled' : 'failed');
