import { create, toBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AddressInfo } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { AGENT_REPORTS_CONSUMER, AGENT_REPORTS_STREAM, agentSubjects, RouterHealthReportSchema, StatusReportSchema } from '@wom/contracts';
import type { EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
// The site agent's own health poller, in process: the test drives both sides of the NATS conversation for real.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { RouterPoller } from '../../agent/src/jobs/router-poller';
import { AgentReportHandler } from '../src/agents/agent-report.handler';
import { AgentRouterPoller } from '../src/agents/jobs/agent-router-poller';
import { RouterHealthReports } from '../src/agents/router-health-reports';
import { RouterMonitorService } from '../src/monitoring/router-monitor.service';
import { NatsClient } from '../src/nats/nats-client';
import { createRouterWan, eventually, RouterLab, ROUTER_PASSWORD } from './harness/mikrotik-routers';
import { readStream } from './harness/event-stream';
import { startTestNats, type TestNats } from './harness/nats-server';
import { connectAgent, enroll, type EnrolledAgent } from './harness/simulated-agent';
import { startTestApp, type TestApp } from './harness/test-app';

/**
 * Health of a router only its site agent reaches (real PostgreSQL, nats-server in operator
 * mode, the agent's own poller and the RouterOS emulator): the control plane never calls it,
 * the agent's readings land in the same fields and events as the monitor's, reports from
 * another agent or out of order are refused, and a silent agent leaves the router "unknown
 * (agent offline)", never "unreachable".
 */
describe('router health through its site agent', () => {
  let nats: TestNats;
  let t: TestApp;
  let port: number;
  let lab: RouterLab;
  let routerIds: string[];
  let behind: EmulatedRouter;
  let direct: EmulatedRouter;
  let agent: EnrolledAgent;
  let stranger: EnrolledAgent;
  let agentId: string;
  let connection: NatsConnection;
  let poller: RouterPoller;
  const open: NatsConnection[] = [];
  const agentLog: string[] = [];
  const api = () => request(t.http);
  const mikrotikOf = async (peerId: string) => (await api().get(`/api/peers/${peerId}`).expect(200)).body.mikrotik as { apiStatus: string; routerIdentity: string | null; lastApiCheck: string | null; executorAgentId: string | null };
  const healthColumn = async (peerId: string) => (await t.database.manager.query(`SELECT mikrotik_health AS h, is_online AS online FROM peer WHERE id = $1`, [peerId]))[0] as { h: Record<string, unknown> | null; online: boolean };

  beforeAll(async () => {
    nats = await startTestNats();
    // The intervals are off: the spec runs each round itself, so it knows what was sent when.
    t = await startTestApp({ ...nats.env, JOB_RUNNER_ENABLED: 'false', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'e'.repeat(64) });
    await t.app.get(NatsClient).whenReady();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    lab = new RouterLab(t);
    let wanId: string;
    ({ wanId, routerIds } = await createRouterWan(t, 'agent-health', 2));
    behind = await lab.addRouter(routerIds[0]!, { identity: 'behind-agent' });
    direct = await lab.addRouter(routerIds[1]!, { identity: 'direct' });
    const token = (await api().post('/api/enrollment-tokens').send({ wanId, maxUses: 2 }).expect(201)).body.token as string;
    agent = await enroll(t.http, token, undefined, 'site-a');
    stranger = await enroll(t.http, token, undefined, 'site-b');
    agentId = agent.enrollment.agentId;
    await api().post(`/api/peers/${routerIds[0]}/mikrotik/executor`).send({ agentId }).expect(200);
    connection = await connectAgent(agent, { reconnect: true });
    poller = new RouterPoller(connection, agentId, { log: (line) => agentLog.push(line), sealingKey: agent.keys.sealing });
    poller.start();
    await connection.flush();
  }, 60_000);

  afterAll(async () => {
    poller?.stop();
    for (const c of [connection, ...open]) await c?.close().catch(() => undefined);
    await lab?.close();
    await t?.close();
    await nats?.stop();
  });

  it('the control plane\'s own monitor reads the router it reaches and never the one behind the agent', async () => {
    await t.app.get(RouterMonitorService).readAll();
    expect(direct.calls.length).toBeGreaterThan(0);
    expect(behind.calls).toHaveLength(0);
    expect((await mikrotikOf(routerIds[1]!)).apiStatus).toBe('connected');
    expect((await mikrotikOf(routerIds[0]!)).apiStatus).toBe('unknown');
  });

  it('health read by the agent lands in the same fields and events, with the password sealed in the poll', async () => {
    const polls: Uint8Array[] = [];
    const tap = connection.subscribe(agentSubjects(agentId).routerPoll, { callback: (_e, m) => void polls.push(m.data) });
    // Online means the tunnel is up, not that the API answers: the router's hub link handshook seconds ago.
    const [{ public_key: hubKey, iface }] = (await t.database.manager.query(
      `SELECT h.public_key, r.mikrotik_interface_name AS iface FROM peer h JOIN peer r ON r.wan_id = h.wan_id WHERE r.id = $1 AND h.type = 'hub'`,
      [routerIds[0]],
    )) as [{ public_key: string; iface: string }];
    behind.state.create('/interface/wireguard', { name: iface, 'listen-port': '13231' });
    behind.state.create('/interface/wireguard/peers', { interface: iface, 'public-key': hubKey, 'allowed-address': '10.0.0.1/32' });
    behind.state.recordPeerTraffic(hubKey, { lastHandshake: '5s', rx: 10, tx: 20 });
    const events = readStream(port, '/api/events?types=peer.status', (text) => text.includes(routerIds[0]!), 20_000);
    await events.ready;
    expect(await t.app.get(AgentRouterPoller).pollAll()).toBe(1);
    const view = await eventually(async () => {
      const m = await mikrotikOf(routerIds[0]!);
      return m.apiStatus === 'connected' ? m : null;
    }, 15_000, 'the agent\'s reading');
    expect(view).toMatchObject({ routerIdentity: 'behind-agent', executorAgentId: agentId });
    const stored = await healthColumn(routerIds[0]!);
    expect(stored.online).toBe(true);
    expect(stored.h).toMatchObject({ identity: 'behind-agent', version: expect.any(String), cpuLoadPercent: expect.any(Number), uptimeSeconds: expect.any(Number) });
    expect(await events.done.finally(() => events.close())).toContain('"isOnline":true');
    // What the router answered came from the agent's reads: GETs only.
    expect(behind.calls.length).toBeGreaterThan(0);
    expect(behind.writeCalls()).toHaveLength(0);
    tap.unsubscribe();
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) expect(Buffer.from(poll).includes(Buffer.from(ROUTER_PASSWORD))).toBe(false);
    // GET …/status answers from the agent's reading, without a call of its own.
    const callsBefore = behind.calls.length;
    const status = (await api().get(`/api/peers/${routerIds[0]}/mikrotik/status`).expect(200)).body;
    expect(status).toMatchObject({ readBy: { agentId }, connection: { status: 'connected', identity: 'behind-agent' } });
    expect(behind.calls.length).toBe(callsBefore);
    // A preview needs the router itself: refused with the way that works instead.
    const preview = await api().post(`/api/peers/${routerIds[0]}/mikrotik/preview`).send({}).expect(409);
    expect(preview.body).toMatchObject({ code: 'MIKROTIK.BEHIND_AGENT', message: expect.stringMatching(/drift-check/) });
  });

  it('refuses a report from an agent the router is not assigned to, an unreadable one and one older than what is stored', async () => {
    const before = await mikrotikOf(routerIds[0]!);
    const strangerConnection = await connectAgent(stranger);
    open.push(strangerConnection);
    const forged = create(RouterHealthReportSchema, { agentId: stranger.enrollment.agentId, peerId: routerIds[0]!, pollId: 'x', ok: false, errorCode: 'ROUTEROS.UNREACHABLE', error: 'forged' });
    strangerConnection.publish(agentSubjects(stranger.enrollment.agentId).reportRouter, toBinary(RouterHealthReportSchema, forged));
    await strangerConnection.flush();
    const reports = t.app.get(RouterHealthReports);
    await reports.handle(agentId, create(RouterHealthReportSchema, { peerId: routerIds[0]!, ok: true, healthJson: '{"identity": 5}', peerStatsJson: '[]' }), new Date());
    await reports.handle(agentId, create(RouterHealthReportSchema, { peerId: routerIds[0]!, ok: false, errorCode: 'ROUTEROS.AUTH_FAILED' }), new Date(Date.parse(before.lastApiCheck!) - 60_000));
    // The forged report went through the stream: wait until the consumer has taken it.
    await eventually(async () => (await streamPending()) === 0 || null, 10_000, 'the report stream drained');
    expect(await mikrotikOf(routerIds[0]!)).toEqual(before);
  });

  it('a wrong password on the router shows as auth-failed, read by the agent', async () => {
    await lab.connect(routerIds[0]!, behind, { password: 'not-the-password' });
    await t.app.get(AgentRouterPoller).pollAll();
    await eventually(async () => (await mikrotikOf(routerIds[0]!)).apiStatus === 'auth-failed' || null, 15_000, 'auth-failed');
    await lab.connect(routerIds[0]!, behind);
  });

  it('a silent agent turns its router to "agent offline", not unreachable; back, the router is read again at once', async () => {
    await t.app.get(AgentReportHandler).markSilentAgentsOffline(new Date(Date.now() + 60_000));
    expect((await mikrotikOf(routerIds[0]!)).apiStatus).toBe('agent-offline');
    expect((await healthColumn(routerIds[0]!)).online).toBe(false);
    // The directly read router is not the agent's: untouched.
    expect((await mikrotikOf(routerIds[1]!)).apiStatus).toBe('connected');
    // The control plane's own monitor still leaves it alone.
    const calls = behind.calls.length;
    await t.app.get(RouterMonitorService).readAll();
    expect(behind.calls.length).toBe(calls);
    expect((await mikrotikOf(routerIds[0]!)).apiStatus).toBe('agent-offline');
    // The agent reports again: it counts as back, and its router is polled without waiting for the next round.
    connection.publish(agentSubjects(agentId).reportStatus, toBinary(StatusReportSchema, create(StatusReportSchema, { agentId, agentVersion: '0.1.0', hostname: 'site-a' })));
    await eventually(async () => (await mikrotikOf(routerIds[0]!)).apiStatus === 'connected' || null, 20_000, 'the router read again');
  });

  async function streamPending(): Promise<number> {
    const manager = await jetstreamManager(t.app.get(NatsClient).current!);
    const info = await manager.consumers.info(AGENT_REPORTS_STREAM, AGENT_REPORTS_CONSUMER);
    return info.num_pending + info.num_ack_pending;
  }
});
