import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, signal } from '@angular/core';
import { describeProblem, type ProblemView } from './api-error.logic';

/** Turns thrown errors into what the console shows; the latest one is shown in the page banner. */
@Injectable({ providedIn: 'root' })
export class ProblemService {
  readonly latest = signal<ProblemView | null>(null);

  describe(error: unknown): ProblemView {
    if (error instanceof HttpErrorResponse) return describeProblem(error.status, error.error);
    return describeProblem(-1, error instanceof Error ? error.message : String(error));
  }

  /** Describes and shows an error; returns it for forms that mark fields. */
  show(error: unknown): ProblemView {
    const problem = this.describe(error);
    this.latest.set(problem);
    return problem;
  }

  clear(): void {
    this.latest.set(null);
  }
}
