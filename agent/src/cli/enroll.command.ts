import * as nodeCrypto from 'node:crypto';
import { hostname } from 'node:os';
import type { JsonValue } from '@bufbuild/protobuf';
import { create, fromJson, toJson } from '@bufbuild/protobuf';
import { createUser } from '@nats-io/nkeys';
import { ENROLL_PATH, EnrollmentRequestSchema, EnrollmentResponseSchema, generateSealingKeyPair } from '@wom/contracts';
import { generateKeyPair } from '@wom/domain';
import type { AgentIdentity } from '../state/agent-state.store';
import { AgentStateStore } from '../state/agent-state.store';
import { AGENT_VERSION } from '../version';
import { PIN_PATTERN, PinMismatchError, pinnedFetch } from './pinned-https';

export interface EnrollOptions {
  readonly server: string;
  readonly token: string;
  readonly stateDir: string;
  /** Binds to a peer an operator created beforehand. */
  readonly peerId?: string;
  /**
   * `sha256//<base64>` of the control plane's public key, for its self-signed certificate: the
   * key must match, and no CA is consulted. Kept in the identity for later calls.
   */
  readonly pin?: string;
  readonly fetch?: typeof fetch;
}

/** An enrollment the control plane refused; carries its stable code (e.g. `ENROLLMENT.TOKEN_USED`). */
export class EnrollmentRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EnrollmentRefusedError';
  }
}

/**
 * Joins the WAN with a token. Every key pair is made here, on the box, and only its public
 * half is sent: the WireGuard key, the NATS user key, and the key router passwords are sealed
 * to (one key per purpose). The private halves, the NATS seed and the CA the NATS server's
 * certificate must chain to are written 0600 after the control plane accepted the
 * enrollment, so a refused token leaves nothing behind.
 */
export async function enroll(options: EnrollOptions): Promise<AgentIdentity> {
  const store = new AgentStateStore(options.stateDir);
  if ((await store.readIdentity()) !== null) {
    throw new EnrollmentRefusedError('AGENT.ALREADY_ENROLLED', `This box is already enrolled (state in ${options.stateDir}); remove that directory to enroll again.`);
  }
  const server = new URL(options.server);
  if (options.pin !== undefined) {
    if (!PIN_PATTERN.test(options.pin)) throw new EnrollmentRefusedError('AGENT.BAD_PIN', `--pin must be sha256// and the 44-character base64 SHA-256 of the control plane's public key, got "${options.pin}"`);
    if (server.protocol !== 'https:') throw new EnrollmentRefusedError('AGENT.BAD_PIN', `--pin checks an HTTPS control plane's key, but the server is ${server.origin}`);
  }
  const send = options.fetch ?? (options.pin === undefined ? fetch : pinnedFetch(options.pin));
  const wireguard = generateKeyPair();
  // A fresh NATS key for every enrollment: revocation goes by user key.
  const nats = createUser();
  const sealing = generateSealingKeyPair(nodeCrypto);
  const request = create(EnrollmentRequestSchema, {
    token: options.token,
    wireguardPublicKey: wireguard.publicKey,
    natsPublicKey: nats.getPublicKey(),
    hostname: hostname(),
    agentVersion: AGENT_VERSION,
    peerId: options.peerId ?? '',
    sealingPublicKey: sealing.publicKey,
  });
  const response = await send(new URL(ENROLL_PATH, server), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(toJson(EnrollmentRequestSchema, request)),
    signal: AbortSignal.timeout(30_000),
  }).catch((error: unknown) => {
    if (error instanceof PinMismatchError) throw new EnrollmentRefusedError('AGENT.SERVER_PIN_MISMATCH', `${error.message}. Nothing was enrolled.`);
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new EnrollmentRefusedError('AGENT.SERVER_UNREACHABLE', `cannot reach the control plane at ${server.origin}: ${cause}`);
  });
  const body = (await response.json().catch(() => null)) as JsonValue | null;
  if (!response.ok) {
    const error = (body ?? {}) as { code?: string; message?: string };
    throw new EnrollmentRefusedError(error.code ?? `HTTP.${response.status}`, error.message ?? `the control plane answered ${response.status}`);
  }
  const enrolled = fromJson(EnrollmentResponseSchema, body ?? {}, { ignoreUnknownFields: true });
  const identity: AgentIdentity = {
    agentId: enrolled.agentId,
    peerId: enrolled.peerId,
    wanId: enrolled.wanId,
    peerName: enrolled.peerName,
    server: server.toString(),
    natsUrls: [...enrolled.natsUrls],
    inboxPrefix: enrolled.inboxPrefix,
    wireguardPublicKey: wireguard.publicKey,
    natsPublicKey: nats.getPublicKey(),
    sealingPublicKey: sealing.publicKey,
    pendingApproval: enrolled.pendingApproval,
    ...(options.pin === undefined ? {} : { serverPin: options.pin }),
  };
  await store.writeWireGuardKey(wireguard.privateKey);
  await store.writeSealingKey(sealing.privateKey);
  if (enrolled.natsCaPem) await store.writeNatsCa(enrolled.natsCaPem);
  await store.writeNatsCredentials(new TextDecoder().decode(nats.getSeed()), enrolled.natsUserJwt);
  await store.writeIdentity(identity);
  return identity;
}
