import type { DemoApi } from './demo-api';
import type { DemoConfigFilePeer, DemoPlan } from './demo-plan';
import { DEMO_ROUTER_USER, type RunningOffice } from './emulated-offices';

interface PeerBody {
  readonly id: string;
  readonly name: string;
  readonly tunnelIp: string;
  readonly subnets: readonly { id: string; cidr: string; natEnabled: boolean; natTranslatedCidr: string | null }[];
}
interface ConflictBody {
  readonly id: string;
  readonly severity: string;
  readonly overlap: string;
}
interface ServiceBody {
  readonly id: string;
  readonly name: string;
  readonly sharedIp: string;
  readonly sharedPort: number;
}
interface DeploymentLine {
  readonly peerId: string;
  readonly peerName: string;
  readonly status: string;
  readonly errorMessage?: string | null;
}
export interface DeployAllBody {
  readonly jobs: readonly { id: string; peerId: string; status: string }[];
  readonly summary: { readonly total: number; readonly succeeded: readonly DeploymentLine[]; readonly failed: readonly DeploymentLine[]; readonly unfinished: readonly DeploymentLine[] };
}

export interface SeededDemo {
  readonly wanId: string;
  /** Peer ids by name. */
  readonly peerIds: ReadonlyMap<string, string>;
  readonly peers: readonly PeerBody[];
  /** The NAT translation the overlap was resolved with, e.g. 172.16.0.0/24. */
  readonly natTranslation: { readonly office: string; readonly cidr: string; readonly translatedCidr: string };
  readonly services: readonly ServiceBody[];
}

/**
 * Seeds the demo WAN through the public API, as an operator would in the console: the WAN,
 * the hub, the office routers (with their REST API access and auto-deploy on), servers and
 * laptops; resolves the office overlap by NAT translation; links each office to the hub so
 * its tunnel statistics are shown; and publishes the services.
 */
export async function seedDemo(api: DemoApi, plan: DemoPlan, offices: readonly RunningOffice[]): Promise<SeededDemo> {
  const wan = await api.post<{ id: string }>('/api/wan', plan.wan);
  const peers: PeerBody[] = [];
  const addConfigFilePeer = async (peer: DemoConfigFilePeer): Promise<PeerBody> => {
    const { name, type, endpoint, listenPort, subnets, tags } = peer;
    const created = await api.post<PeerBody>(`/api/wan/${wan.id}/peers`, { name, type, deploymentMode: 'config-file', tags, subnets, ...(endpoint ? { endpoint } : {}), ...(listenPort ? { listenPort } : {}) });
    peers.push(created);
    return created;
  };

  const hub = await addConfigFilePeer(plan.hub);
  for (const { office, router, password, useSsl } of offices) {
    const mikrotik = { managementIp: '127.0.0.1', apiPort: router.port, useSsl, verifyCert: false, username: DEMO_ROUTER_USER, password, autoDeploy: true };
    peers.push(await api.post<PeerBody>(`/api/wan/${wan.id}/peers`, { name: office.name, type: 'mikrotik', deploymentMode: 'mikrotik-api', tags: office.tags, subnets: [office.lan], mikrotik }));
  }
  for (const peer of [...plan.servers, ...plan.laptops]) await addConfigFilePeer(peer);
  const peerIds = new Map(peers.map((peer) => [peer.name, peer.id]));

  const natTranslation = await resolveOverlapWithNat(api, wan.id, plan, peers);
  for (const { office } of offices) {
    await api.post(`/api/wan/${wan.id}/connections`, { peerAId: hub.id, peerBId: required(peerIds, office.name) });
  }
  const services: ServiceBody[] = [];
  for (const { host, name, description, localIp, localPort, sharedPort, protocol } of plan.services) {
    services.push(await api.post<ServiceBody>(`/api/peers/${required(peerIds, host)}/services`, { name, description, localIp, localPort, sharedPort, protocol }));
  }
  return { wanId: wan.id, peerIds, peers, natTranslation, services };
}

/** The overlap the plan sets up is a routing conflict; the later office gets a NAT translation. */
async function resolveOverlapWithNat(api: DemoApi, wanId: string, plan: DemoPlan, peers: readonly PeerBody[]): Promise<SeededDemo['natTranslation']> {
  const { office, cidr } = plan.natTranslated;
  const conflicts = await api.get<ConflictBody[]>(`/api/wan/${wanId}/conflicts`);
  const conflict = conflicts.find((c) => c.overlap === cidr);
  if (!conflict) throw new Error(`Expected the office LANs on ${cidr} to be reported as a conflict; open conflicts: ${JSON.stringify(conflicts)}`);
  const subnet = peers.find((p) => p.name === office)?.subnets.find((s) => s.cidr === cidr);
  if (!subnet) throw new Error(`${office} has no subnet ${cidr}.`);
  await api.post(`/api/conflicts/${conflict.id}/resolve`, { resolution: 'nat-translate', subnetId: subnet.id });
  const resolved = await api.get<PeerBody>(`/api/peers/${required(new Map(peers.map((p) => [p.name, p.id])), office)}`);
  const translatedCidr = resolved.subnets.find((s) => s.id === subnet.id)?.natTranslatedCidr;
  if (!translatedCidr) throw new Error(`Resolving the ${cidr} overlap left ${office} without a NAT translation.`);
  return { office, cidr, translatedCidr };
}

/**
 * Deploys every office router through `deploy-all` and waits (bounded by `waitSeconds`) for
 * the jobs to end. Throws when a router failed or a deployment had not finished in time.
 */
export async function deployAllOffices(api: DemoApi, wanId: string, waitSeconds = 60): Promise<DeployAllBody> {
  const result = await api.post<DeployAllBody>(`/api/wan/${wanId}/mikrotik/deploy-all`, { waitSeconds }, (waitSeconds + 15) * 1000);
  const { failed, unfinished } = result.summary;
  if (failed.length > 0 || unfinished.length > 0) {
    const lines = [...failed, ...unfinished].map((line) => `${line.peerName}: ${line.status}${line.errorMessage ? ` (${line.errorMessage})` : ''}`);
    throw new Error(`Deploying the office routers did not finish cleanly:\n  ${lines.join('\n  ')}`);
  }
  return result;
}

function required(ids: ReadonlyMap<string, string>, name: string): string {
  const id = ids.get(name);
  if (!id) throw new Error(`The demo plan names ${name}, which was not created.`);
  return id;
}
