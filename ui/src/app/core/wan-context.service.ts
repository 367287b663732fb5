import { computed, inject, Injectable, signal } from '@angular/core';
import { ActivatedRouteSnapshot, NavigationCancel, NavigationEnd, NavigationError, ResolveEnd, Router } from '@angular/router';
import type { Wan } from './api.models';
import { ApiService } from './api.service';
import { ProblemService } from './problem.service';
import { fallbackWanId, portableQuery, switchWanPath, wanPath } from './wan-path.logic';

const WAN_KEY = 'wom.wan';

/** The `wanId` route parameter anywhere on the active branch of a route tree. */
function wanIdOf(root: ActivatedRouteSnapshot): string | null {
  for (let node: ActivatedRouteSnapshot | null = root, depth = 0; node && depth < 20; node = node.firstChild, depth++) {
    const id = node.paramMap.get('wanId');
    if (id) return id;
  }
  return null;
}

/**
 * The WAN the console is looking at; every WAN-scoped page reads it. The URL
 * (`/wans/:wanId/…`) is its only source: `wanId` follows the router, and {@link select}
 * navigates. Outside WAN pages it is the last WAN a URL named (kept in localStorage), else the
 * first WAN.
 */
@Injectable({ providedIn: 'root' })
export class WanContext {
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly router = inject(Router);
  readonly wans = signal<Wan[]>([]);
  readonly loaded = signal(false);
  /** The WAN named by the URL being shown (or about to be: it is set before the page is created). */
  readonly routeWanId = signal<string | null>(null);
  private readonly rememberedId = signal<string | null>(localStorage.getItem(WAN_KEY));
  readonly wanId = computed(() => this.routeWanId() ?? fallbackWanId(this.wans(), this.rememberedId()));
  readonly wan = computed(() => this.wans().find((w) => w.id === this.wanId()) ?? null);
  /** The last list could not be read (the control plane is away): an unknown id may still exist. */
  readonly loadFailed = signal(false);
  private loads = 0;
  private pending: Promise<void> | null = null;

  constructor() {
    this.routeWanId.set(wanIdOf(this.router.routerState.snapshot.root));
    this.router.events.subscribe((event) => {
      // ResolveEnd comes after guards and before the page is created, so a new page reads its WAN at once.
      if (event instanceof ResolveEnd) this.routeWanId.set(wanIdOf(event.state.root));
      else if (event instanceof NavigationEnd || event instanceof NavigationCancel || event instanceof NavigationError) {
        const id = wanIdOf(this.router.routerState.snapshot.root);
        this.routeWanId.set(id);
        if (id) this.remember(id);
      }
    });
  }

  /** Reads the list of WANs; the newest call wins when several overlap. */
  load(): Promise<void> {
    const round = ++this.loads;
    const loading = (async () => {
      try {
        const wans = await this.api.wans();
        if (round === this.loads) {
          this.wans.set(wans);
          this.loadFailed.set(false);
        }
      } catch (error) {
        if (round === this.loads) this.loadFailed.set(true);
        this.problems.show(error);
      } finally {
        if (round === this.loads) this.loaded.set(true);
      }
    })();
    this.pending = loading;
    return loading;
  }

  /** The list, read once: guards wait on it before they decide where a URL leads. */
  async ensureLoaded(): Promise<void> {
    // A newer load started meanwhile (the shell's, a guard's) is the one whose answer counts: wait for it too.
    for (let round = 0; round < 5 && !this.loaded(); round++) await (this.pending ?? this.load());
  }

  /** Shows the same page in another WAN (a peer's page becomes the peer list); resolves false if the navigation did not happen. */
  async select(id: string): Promise<boolean> {
    this.remember(id);
    const tree = this.router.parseUrl(this.router.url);
    const segments = tree.root.children['primary']?.segments.map((s) => s.path) ?? [];
    const target = switchWanPath(segments, id);
    if (!target) return true;
    return this.router.navigate(target, { queryParams: portableQuery(tree.queryParams) });
  }

  /** Router commands for a page of the current WAN: `link('peers', id)`. */
  link(...segments: readonly (string | number)[]): string[] {
    return wanPath(this.wanId(), ...segments);
  }

  /** Forgets everything at sign-out. */
  reset(): void {
    this.loaded.set(false);
    this.wans.set([]);
    this.pending = null;
  }

  private remember(id: string): void {
    localStorage.setItem(WAN_KEY, id);
    this.rememberedId.set(id);
  }
}
