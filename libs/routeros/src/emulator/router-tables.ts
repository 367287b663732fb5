import type { RouterOsVersion } from '../client/version';
import type { Row } from './emulator.model';

/** What a menu definition or a value check may read from the rest of the router. */
export interface RouterTables {
  rows(menu: string): readonly Row[];
  /** Names of every interface: static ports and created ones (wireguard, bridge). */
  interfaceNames(): readonly string[];
  /** RouterOptions.wireguardDown. */
  readonly wireguardDown: boolean;
  /** The router's RouterOS release; menus gate properties and defaults on it. */
  readonly version: RouterOsVersion;
  /** The router clock as this release prints dates (ROUTEROS-REST.md §5). */
  clockText(): string;
}
