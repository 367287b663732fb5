import { DestroyRef, inject, Injectable, signal, type Signal } from '@angular/core';
import type { Job } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { EventsService } from '../../core/events.service';
import { isTerminal } from './job-view.logic';

/**
 * Follows jobs until they finish: live `job.progress` events move the bar at once, and a
 * poll every second (at most 10 minutes) fetches steps and results and covers a dropped stream.
 */
@Injectable({ providedIn: 'root' })
export class JobWatcher {
  private readonly api = inject(ApiService);
  private readonly events = inject(EventsService);

  watch(jobId: string, destroyRef?: DestroyRef): Signal<Job | null> {
    const job = signal<Job | null>(null);
    let stopped = false;
    const subscription = this.events.on('job.progress').subscribe((event) => {
      if (event.data['jobId'] !== jobId) return;
      const current = job();
      const status = event.data['status'] as Job['status'] | undefined;
      // A finished job's result and steps come with the job itself, so fetch it rather than patch.
      if (status && isTerminal({ status })) void this.api.job(jobId).then((fresh) => job.set(fresh), () => undefined);
      else if (current) job.set({ ...current, status: status ?? current.status, progressPercent: Number(event.data['progressPercent'] ?? current.progressPercent) });
    });
    const stop = () => {
      stopped = true;
      subscription.unsubscribe();
    };
    destroyRef?.onDestroy(stop);
    void (async () => {
      for (let round = 0; round < 600 && !stopped; round++) {
        try {
          job.set(await this.api.job(jobId));
          if (isTerminal(job()!)) break;
        } catch {
          // Keep polling; a transient failure must not end the watch.
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      stop();
    })();
    return job;
  }
}
