import { AgentEntity } from './agent.entity';
import { ApiKeyEntity } from './api-key.entity';
import { AuditLogEntity } from './audit-log.entity';
import { AuthSessionEntity } from './auth-session.entity';
import { ConfigTemplateEntity } from './config-template.entity';
import { ConfigurationHistoryEntity } from './configuration-history.entity';
import { DeploymentJobEntity } from './deployment-job.entity';
import { EnrollmentTokenEntity } from './enrollment-token.entity';
import { LinkStatsEntity } from './link-stats.entity';
import { LocalSubnetEntity } from './local-subnet.entity';
import { MikrotikApiCallLogEntity } from './mikrotik-api-call-log.entity';
import { PeerConnectionEntity } from './peer-connection.entity';
import { PeerEntity } from './peer.entity';
import { PublishedServiceEntity } from './published-service.entity';
import { SigningKeyEntity } from './signing-key.entity';
import { StateChangeEntity } from './state-change.entity';
import { SubnetConflictEntity } from './subnet-conflict.entity';
import { UserEntity } from './user.entity';
import { WanNetworkEntity } from './wan-network.entity';

export {
  AgentEntity,
  ApiKeyEntity,
  AuditLogEntity,
  AuthSessionEntity,
  ConfigTemplateEntity,
  ConfigurationHistoryEntity,
  DeploymentJobEntity,
  EnrollmentTokenEntity,
  LinkStatsEntity,
  LocalSubnetEntity,
  MikrotikApiCallLogEntity,
  PeerConnectionEntity,
  PeerEntity,
  PublishedServiceEntity,
  SigningKeyEntity,
  StateChangeEntity,
  SubnetConflictEntity,
  UserEntity,
  WanNetworkEntity,
};

/** Registered as classes, not globs, so the esbuild bundle finds them. */
export const ENTITIES = [
  WanNetworkEntity,
  PeerEntity,
  LocalSubnetEntity,
  PublishedServiceEntity,
  PeerConnectionEntity,
  ConfigurationHistoryEntity,
  UserEntity,
  DeploymentJobEntity,
  MikrotikApiCallLogEntity,
  ApiKeyEntity,
  AuditLogEntity,
  AgentEntity,
  EnrollmentTokenEntity,
  ConfigTemplateEntity,
  SubnetConflictEntity,
  StateChangeEntity,
  LinkStatsEntity,
  AuthSessionEntity,
  SigningKeyEntity,
];
