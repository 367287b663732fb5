import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import type { PeerType } from '@wom/domain';
import type { AgentEntity } from './agent.entity';
import { CreatedAt, EMPTY_ARRAY, EMPTY_OBJECT, UpdatedAt, UuidPk } from './columns';
import { WanNetworkEntity } from './wan-network.entity';

export const MIKROTIK_AUTH_METHODS = ['password', 'token'] as const;
/** 'agent-offline': unknown, because the site agent that alone reaches the router is not reporting. */
export const MIKROTIK_API_STATUSES = ['unknown', 'connected', 'auth-failed', 'unreachable', 'incompatible', 'agent-offline'] as const;
export const DEPLOYMENT_MODES = ['agent', 'mikrotik-api', 'mikrotik-script', 'config-file'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/**
 * A WireGuard node (spec §6.1.2) with its MikroTik fields. `private_key`, `mikrotik_password`
 * and `mikrotik_api_token` hold SecretBox ciphertext, never plaintext.
 */
@Entity('peer')
@Unique('UQ_peer_wan_tunnel_ip', ['wanId', 'tunnelIp'])
@Unique('UQ_peer_wan_name', ['wanId', 'name'])
@Index('IDX_peer_removal', ['removalRequestedAt'], { where: 'removal_requested_at IS NOT NULL' })
// The peer list's default order and its last-handshake sort, within one WAN.
@Index('IDX_peer_wan_created', ['wanId', 'createdAt'])
@Index('IDX_peer_wan_last_seen', ['wanId', 'lastSeen'])
export class PeerEntity {
  @UuidPk('peer') id!: string;
  @Column({ type: 'uuid' }) wanId!: string;
  @ManyToOne(() => WanNetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wan_id', foreignKeyConstraintName: 'FK_peer_wan_network' })
  wan?: WanNetworkEntity;

  @Column({ type: 'varchar', length: 64 }) name!: string;
  @Column({ type: 'varchar', length: 32 }) type!: PeerType;
  /** Null until a device that makes its own key (agent, router) reports it. */
  @Column({ type: 'varchar', length: 44, nullable: true }) publicKey!: string | null;
  @Column({ name: 'private_key', type: 'text', nullable: true }) privateKeyEncrypted!: string | null;
  @Column({ type: 'inet' }) tunnelIp!: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) endpoint!: string | null;
  @Column({ type: 'int', nullable: true }) listenPort!: number | null;
  @Column({ type: 'int', nullable: true }) persistentKeepalive!: number | null;
  @Column({ type: 'boolean', default: false }) isOnline!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) lastSeen!: Date | null;
  @Column({ type: 'jsonb', default: EMPTY_ARRAY }) tags!: string[];
  @Column({ type: 'jsonb', default: EMPTY_OBJECT }) metadata!: Record<string, unknown>;
  /** Per-peer interface settings that win over the WAN's (interface name, MTU, DNS). */
  @Column({ type: 'jsonb', default: EMPTY_OBJECT }) overrides!: Record<string, unknown>;
  @Column({ type: 'varchar', length: 32, default: 'config-file' }) deploymentMode!: DeploymentMode;
  /** Revision of the last DesiredState published for this peer; the publisher bumps it. */
  @Column({ type: 'bigint', default: 0 }) desiredRevision!: string;
  /** Revision the peer's agent or deploy job last reported applied. */
  @Column({ type: 'bigint', default: 0 }) appliedRevision!: string;
  /** Digest of the last compiled DesiredState, so unchanged peers get no new revision. */
  @Column({ type: 'varchar', length: 64, nullable: true }) desiredDigest!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true }) mikrotikManagementIp!: string | null;
  @Column({ type: 'int', nullable: true, default: 443 }) mikrotikApiPort!: number | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) mikrotikAuthMethod!: (typeof MIKROTIK_AUTH_METHODS)[number] | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) mikrotikUsername!: string | null;
  @Column({ type: 'text', nullable: true }) mikrotikPassword!: string | null;
  @Column({ type: 'text', nullable: true }) mikrotikApiToken!: string | null;
  @Column({ type: 'boolean', default: true }) mikrotikUseSsl!: boolean;
  @Column({ type: 'boolean', default: false }) mikrotikVerifyCert!: boolean;
  /** PEM of a private CA that signed the router's certificate, trusted when verifying. */
  @Column({ type: 'text', nullable: true }) mikrotikCaCertificate!: string | null;
  @Column({ type: 'boolean', default: false }) mikrotikAutoDeploy!: boolean;
  @Column({ type: 'varchar', length: 15, nullable: true, default: 'wg-wan-overlay' }) mikrotikInterfaceName!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) mikrotikLastApiCheck!: Date | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) mikrotikApiStatus!: (typeof MIKROTIK_API_STATUSES)[number] | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) mikrotikRouterIdentity!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) mikrotikRouterosVersion!: string | null;
  /** The last drift check's findings (what differs between the router and the desired state). */
  @Column({ type: 'jsonb', nullable: true }) mikrotikDriftReport!: Record<string, unknown> | null;
  @Column({ type: 'timestamptz', nullable: true }) mikrotikLastDriftCheck!: Date | null;
  /** The last health reading: identity, version, CPU, memory, uptime, when it was read. */
  @Column({ type: 'jsonb', nullable: true }) mikrotikHealth!: Record<string, unknown> | null;
  /** The site agent that runs this router's jobs (it reaches the router; the control plane may not). */
  @Column({ type: 'uuid', nullable: true }) mikrotikExecutorAgentId!: string | null;
  // By name: agent.entity imports this file, so a class reference would be circular.
  @ManyToOne('AgentEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'mikrotik_executor_agent_id', foreignKeyConstraintName: 'FK_peer_mikrotik_executor_agent' })
  mikrotikExecutorAgent?: AgentEntity | null;
  /**
   * Set when the peer was deleted while its device still holds rows this product wrote: the
   * peer leaves every other peer's configuration at once, and its row goes once its removal
   * job has cleaned the device.
   */
  @Column({ type: 'timestamptz', nullable: true }) removalRequestedAt!: Date | null;
  /** Removal jobs run so far; the next one waits longer after each failure. */
  @Column({ type: 'int', default: 0 }) removalAttempts!: number;
  /** Why the last removal job failed (a router unreachable, a write refused), until one succeeds. */
  @Column({ type: 'text', nullable: true }) removalError!: string | null;

  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
