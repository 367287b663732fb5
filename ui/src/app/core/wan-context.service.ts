import { computed, inject, Injectable, signal } from '@angular/core';
import type { Wan } from './api.models';
import { ApiService } from './api.service';
import { ProblemService } from './problem.service';

const WAN_KEY = 'wom.wan';

/** The WAN the console is looking at; every WAN-scoped page reads it. */
@Injectable({ providedIn: 'root' })
export class WanContext {
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly wans = signal<Wan[]>([]);
  readonly selectedId = signal<string | null>(localStorage.getItem(WAN_KEY));
  readonly loaded = signal(false);
  readonly wan = computed(() => this.wans().find((w) => w.id === this.selectedId()) ?? this.wans()[0] ?? null);
  readonly wanId = computed(() => this.wan()?.id ?? null);

  async load(): Promise<void> {
    try {
      this.wans.set(await this.api.wans());
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.loaded.set(true);
    }
  }

  select(id: string): void {
    localStorage.setItem(WAN_KEY, id);
    this.selectedId.set(id);
  }
}
