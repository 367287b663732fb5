/**
 * The `tls` option of a NATS connection, the same for the control plane, agents and tests.
 * nats.js does not read the `tls://` scheme (the Go client does), so it is spelled out here:
 *
 * - a pinned CA (PEM): TLS required, and only a certificate of that CA is accepted, so a
 *   server presenting any other is refused, even one a public CA signed;
 * - no CA but `tls://` URLs: TLS required, checked against the system's CA store;
 * - neither: undefined, the client's default (plain unless the server asks for TLS).
 */
export function natsTlsOptions(servers: readonly string[], caPem: string | null): { ca?: string } | undefined {
  if (caPem) return { ca: caPem };
  return servers.some((url) => url.trim().toLowerCase().startsWith('tls://')) ? {} : undefined;
}
