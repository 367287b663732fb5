/** up: a handshake within three minutes; down: reported but older, or never; unknown: nobody reported the link. */
export type LinkHealth = 'up' | 'down' | 'unknown';

/** WireGuard re-keys every 2 minutes while traffic flows; an older handshake means the tunnel is idle or down. */
export const LINK_UP_WITHIN_SECONDS = 180;

/** Stroke colour per health; the greys and reds stay apart for red-green colour blindness through lightness too. */
export const HEALTH_COLOURS: Record<LinkHealth, string> = { up: '#1e8e3e', down: '#c5221f', unknown: '#8a94a3' };

export const HEALTH_ORDER: readonly LinkHealth[] = ['unknown', 'down', 'up'];

/**
 * The health of a link from the handshake age the topology carries: `undefined` (no reading)
 * is unknown, null (reported, never shook hands) is down.
 *
 * Example: 42 → up; 600 → down; null → down; undefined → unknown.
 */
export function linkHealth(handshakeAgeSeconds: number | null | undefined): LinkHealth {
  if (handshakeAgeSeconds === undefined) return 'unknown';
  return handshakeAgeSeconds !== null && handshakeAgeSeconds < LINK_UP_WITHIN_SECONDS ? 'up' : 'down';
}

/** "42 s ago", "5 min ago", "3 h ago", "never", "no reading" for tooltips and the table. */
export function describeHandshake(handshakeAgeSeconds: number | null | undefined): string {
  if (handshakeAgeSeconds === undefined) return 'no reading';
  if (handshakeAgeSeconds === null) return 'never';
  if (handshakeAgeSeconds < 120) return `${handshakeAgeSeconds} s ago`;
  if (handshakeAgeSeconds < 7200) return `${Math.floor(handshakeAgeSeconds / 60)} min ago`;
  if (handshakeAgeSeconds < 172_800) return `${Math.floor(handshakeAgeSeconds / 3600)} h ago`;
  return `${Math.floor(handshakeAgeSeconds / 86_400)} d ago`;
}
