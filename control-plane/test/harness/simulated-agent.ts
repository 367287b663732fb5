import * as nodeCrypto from 'node:crypto';
import { create, fromBinary, fromJson, toBinary, type JsonValue } from '@bufbuild/protobuf';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { generateKeyPair } from '@wom/domain';
import {
  DesiredStateRequestSchema,
  DesiredStateSnapshotSchema,
  EnrollmentResponseSchema,
  generateSealingKeyPair,
  natsTlsOptions,
  type DesiredStateSnapshot,
  type EnrollmentResponse,
  type SealingKeyPair,
} from '@wom/contracts';
import request from 'supertest';
import { fastJwtAuthenticator } from '../../src/nats/nats-auth';
import { Nkey } from '../../src/nats/nkey';

/** What an agent makes on its box before enrolling: its WireGuard, NATS and sealing key pairs. */
export interface AgentKeys {
  readonly wireguard: { publicKey: string; privateKey: string };
  readonly nats: Nkey;
  readonly sealing: SealingKeyPair;
}

export const newAgentKeys = (): AgentKeys => ({ wireguard: generateKeyPair(), nats: Nkey.generate('user'), sealing: generateSealingKeyPair(nodeCrypto) });

export interface EnrolledAgent {
  readonly keys: AgentKeys;
  readonly enrollment: EnrollmentResponse;
}

/** POST /api/agents/enroll as an agent does; resolves to the parsed response or rejects with the status. */
export async function enroll(http: Parameters<typeof request>[0], token: string, keys = newAgentKeys(), hostname = 'site-box'): Promise<EnrolledAgent> {
  const res = await request(http)
    .post('/api/agents/enroll')
    .send({ token, wireguardPublicKey: keys.wireguard.publicKey, natsPublicKey: keys.nats.publicKey, sealingPublicKey: keys.sealing.publicKey, hostname, agentVersion: '0.1.0' });
  if (res.status !== 201) throw new Error(`enroll answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { keys, enrollment: fromJson(EnrollmentResponseSchema, res.body as JsonValue) };
}

/** Connects with the agent's own credentials and the CA it pinned at enrollment, as the agent daemon does. */
export function connectAgent(agent: EnrolledAgent, options: { inboxPrefix?: string; reconnect?: boolean; servers?: string[] } = {}): Promise<NatsConnection> {
  const servers = options.servers ?? agent.enrollment.natsUrls;
  return connect({
    servers,
    tls: natsTlsOptions(servers, agent.enrollment.natsCaPem || null),
    authenticator: fastJwtAuthenticator(agent.enrollment.natsUserJwt, agent.keys.nats.seed()),
    inboxPrefix: options.inboxPrefix ?? agent.enrollment.inboxPrefix,
    reconnect: options.reconnect ?? false,
    name: `agent-${agent.enrollment.agentId}`,
  });
}

export async function requestDesired(connection: NatsConnection, agent: EnrolledAgent, timeout = 5_000): Promise<DesiredStateSnapshot> {
  const body = toBinary(DesiredStateRequestSchema, create(DesiredStateRequestSchema, { agentId: agent.enrollment.agentId }));
  const reply = await connection.request(agent.enrollment.subjects!.desired, body, { timeout });
  return fromBinary(DesiredStateSnapshotSchema, reply.data);
}
