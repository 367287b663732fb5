import { inject, Pipe, type PipeTransform } from '@angular/core';
import { WanContext } from './wan-context.service';
import { wanPath } from './wan-path.logic';

/**
 * A link to a page of the current WAN: `[routerLink]="['peers', p.id] | wanLink"` →
 * `/wans/<wanId>/peers/<id>`. Impure, because it follows the WAN signal; it hands back the same
 * array while nothing changed, so routerLink does not rebuild its URL on every check.
 */
@Pipe({ name: 'wanLink', pure: false })
export class WanLinkPipe implements PipeTransform {
  private readonly context = inject(WanContext);
  private last: { readonly key: string; readonly value: string[] } | null = null;

  transform(segments: string | readonly (string | number | null | undefined)[]): string[] {
    const list = typeof segments === 'string' ? segments.split('/') : segments.map((segment) => String(segment ?? ''));
    const value = wanPath(this.context.wanId(), ...list);
    const key = value.join('/');
    if (this.last?.key !== key) this.last = { key, value };
    return this.last.value;
  }
}
