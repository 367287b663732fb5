import { wanPath } from '../../core/wan-path.logic';

/**
 * The router link of a peer's detail page, in one place so the topology follows wherever the
 * console's routes put WAN-scoped pages.
 */
export function peerDetailLink(wanId: string | null, peerId: string): string[] {
  return wanPath(wanId, 'peers', peerId);
}
