/**
 * One error vocabulary for RouterOS calls. Codes are stable strings because errors cross
 * process boundaries (NATS, job records) where `instanceof` does not survive.
 */
export type RouterOsErrorCode =
  | 'ROUTEROS.UNREACHABLE'
  | 'ROUTEROS.TLS_FAILED'
  | 'ROUTEROS.AUTH_FAILED'
  | 'ROUTEROS.PERMISSION_DENIED'
  | 'ROUTEROS.NOT_FOUND'
  | 'ROUTEROS.ALREADY_EXISTS'
  | 'ROUTEROS.INVALID_VALUE'
  | 'ROUTEROS.INCOMPATIBLE_VERSION'
  | 'ROUTEROS.TIMEOUT'
  | 'ROUTEROS.REQUEST_FAILED';

/**
 * Whether repeating the request is safe: `safe` when the router cannot have acted on it
 * (connection refused, 429, 503), `unclear` when it may have (reset, timeout), `never` when
 * it answered with a definite refusal.
 */
export type RetryClass = 'safe' | 'unclear' | 'never';

const TEXT: Readonly<Record<RouterOsErrorCode, { message: string; suggestion: string }>> = {
  'ROUTEROS.UNREACHABLE': {
    message: 'The router could not be reached.',
    suggestion: 'Check the address and port, that the www-ssl (or www) service is enabled, and that the firewall allows the management server.',
  },
  'ROUTEROS.TLS_FAILED': {
    message: 'The TLS handshake with the router failed.',
    suggestion: 'Assign a certificate to the www-ssl service, or turn certificate verification off or supply the router\'s CA.',
  },
  'ROUTEROS.AUTH_FAILED': {
    message: 'The router rejected the username or password.',
    suggestion: 'Check the credentials, and that the user\'s group has the api and rest-api policies.',
  },
  'ROUTEROS.PERMISSION_DENIED': {
    message: 'The router user lacks a required permission.',
    suggestion: 'Give the user\'s group the read, write, api, rest-api and test policies.',
  },
  'ROUTEROS.NOT_FOUND': {
    message: 'The row no longer exists on the router.',
    suggestion: 'Someone changed the router meanwhile; re-read its configuration and plan again.',
  },
  'ROUTEROS.ALREADY_EXISTS': {
    message: 'The router already has such an entry.',
    suggestion: 'Remove or rename the conflicting row on the router, then retry.',
  },
  'ROUTEROS.INVALID_VALUE': {
    message: 'The router refused a value.',
    suggestion: 'Check the value named in the detail against what this RouterOS version accepts.',
  },
  'ROUTEROS.INCOMPATIBLE_VERSION': {
    message: 'The router does not know a command or property we sent.',
    suggestion: 'Upgrade RouterOS to a current v7 release, or install the missing package.',
  },
  'ROUTEROS.TIMEOUT': {
    message: 'The router did not answer in time.',
    suggestion: 'Check the router\'s load and link; the request may still have been applied, so re-read before retrying.',
  },
  'ROUTEROS.REQUEST_FAILED': {
    message: 'The router refused the request.',
    suggestion: 'See the detail for RouterOS\'s reason.',
  },
};

export interface RouterOsErrorOptions {
  readonly status?: number | null;
  readonly detail?: string;
  readonly retry?: RetryClass;
  readonly cause?: unknown;
  /** Replaces the generic message, e.g. with context such as the menu. */
  readonly message?: string;
}

export class RouterOsError extends Error {
  override readonly name = 'RouterOsError';
  readonly status: number | null;
  readonly detail: string | undefined;
  readonly suggestion: string;
  readonly retry: RetryClass;

  constructor(
    readonly code: RouterOsErrorCode,
    options: RouterOsErrorOptions = {},
  ) {
    const text = TEXT[code];
    super(options.message ?? (options.detail ? `${text.message} RouterOS said: ${options.detail}` : text.message), { cause: options.cause });
    this.status = options.status ?? null;
    this.detail = options.detail;
    this.suggestion = text.suggestion;
    this.retry = options.retry ?? 'never';
  }
}

export function isRouterOsError(value: unknown): value is RouterOsError {
  return value instanceof RouterOsError;
}

/** Detail texts → codes, in the order they are tried (ROUTEROS-REST.md §6). */
const DETAIL_CODES: readonly (readonly [RegExp, RouterOsErrorCode])[] = [
  [/not enough permissions|not allowed/i, 'ROUTEROS.PERMISSION_DENIED'],
  [/session closed/i, 'ROUTEROS.TIMEOUT'],
  [/already have|exists/i, 'ROUTEROS.ALREADY_EXISTS'],
  [/invalid value|out of range|input does not match/i, 'ROUTEROS.INVALID_VALUE'],
  [/unknown parameter|no such command/i, 'ROUTEROS.INCOMPATIBLE_VERSION'],
];

/** The error for an HTTP answer of 400 or above. */
export function errorFromResponse(status: number, body: unknown): RouterOsError {
  const detail = typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string' ? (body as { detail: string }).detail : undefined;
  if (status === 401) return new RouterOsError('ROUTEROS.AUTH_FAILED', { status, detail });
  if (status === 404) return new RouterOsError('ROUTEROS.NOT_FOUND', { status, detail });
  if (status === 429 || status === 503) return new RouterOsError('ROUTEROS.REQUEST_FAILED', { status, detail, retry: 'safe' });
  const code = detail === undefined ? undefined : DETAIL_CODES.find(([pattern]) => pattern.test(detail))?.[1];
  // 406 is "this menu has no such verb" (e.g. DELETE on ether1), not a version problem.
  if (status === 406) return new RouterOsError('ROUTEROS.REQUEST_FAILED', { status, detail });
  return new RouterOsError(code ?? 'ROUTEROS.REQUEST_FAILED', { status, detail });
}

const SAFE_NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The error for a call that got no HTTP answer. `timedOut`: our own per-request timer fired. */
export function errorFromNetwork(error: unknown, timedOut: boolean): RouterOsError {
  if (timedOut) return new RouterOsError('ROUTEROS.TIMEOUT', { retry: 'unclear', cause: error });
  const code = networkCode(error);
  const text = error instanceof Error ? error.message : String(error);
  if (/^(ERR_TLS|ERR_SSL|EPROTO|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(VERIFY|GET))/.test(code) || /ssl|tls|certificate/i.test(text)) {
    return new RouterOsError('ROUTEROS.TLS_FAILED', { cause: error, detail: text });
  }
  return new RouterOsError('ROUTEROS.UNREACHABLE', { cause: error, detail: text, retry: SAFE_NETWORK.has(code) ? 'safe' : 'unclear' });
}

/** undici nests the system error in `cause` for some failures. */
function networkCode(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (error as { code?: string } | undefined)?.code ?? '';
}
