import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { WanChangeSeq1764300000000 } from './1764300000000-wan-change-seq';
import { JobsDriftMonitoring1764100000000 } from './1764100000000-jobs-drift-monitoring';
import { AgentsEnrollment1764200000000 } from './1764200000000-agents-enrollment';
import { RouterExecutorAgent1764400000000 } from './1764400000000-router-executor-agent';
import { EnrollmentTokenPeerTemplate1764500000000 } from './1764500000000-enrollment-token-peer-template';
import { JobErrorCode1764600000000 } from './1764600000000-job-error-code';
import { AgentSealingKey1764700000000 } from './1764700000000-agent-sealing-key';
import { JobCancelling1764800000000 } from './1764800000000-job-cancelling';
import { PeerRemoval1764900000000 } from './1764900000000-peer-removal';
import { LinkStats1765000000000 } from './1765000000000-link-stats';
import { ListIndexes1765300000000 } from './1765300000000-list-indexes';
import { Sessions1765400000000 } from './1765400000000-sessions';
import { SingleSignOn1765500000000 } from './1765500000000-single-sign-on';

/** Registered as classes, not globs, so the esbuild bundle finds them. Append, never edit. */
export const MIGRATIONS = [InitialSchema1764000000000, JobsDriftMonitoring1764100000000, AgentsEnrollment1764200000000, WanChangeSeq1764300000000, RouterExecutorAgent1764400000000, EnrollmentTokenPeerTemplate1764500000000, JobErrorCode1764600000000, AgentSealingKey1764700000000, JobCancelling1764800000000, PeerRemoval1764900000000, LinkStats1765000000000, ListIndexes1765300000000, Sessions1765400000000, SingleSignOn1765500000000];
