import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { fromBinary } from '@bufbuild/protobuf';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AGENT_REPORTS_CONSUMER,
  AGENT_REPORTS_STREAM,
  AGENT_REPORTS_STREAM_SUBJECT,
  ApplyReportSchema,
  DriftReportSchema,
  JobReportSchema,
  parseReportSubject,
  RouterHealthReportSchema,
  StatusReportSchema,
  type ReportKind,
} from '@wom/contracts';
import { NatsClient } from '../nats/nats-client';
import { AgentReportHandler, type DecodedReport } from './agent-report.handler';

/** Reports older than this are dropped unprocessed: a status from a day ago says nothing. */
const REPORT_MAX_AGE_MS = 24 * 3_600_000;
/** A report not acknowledged within this is redelivered (a control plane died mid-way). */
const ACK_WAIT_MS = 30_000;
/** Agents not heard from for this long are shown offline. */
export const OFFLINE_AFTER_MS = 35_000;
const SWEEP_MS = 5_000;

/**
 * Reads agent reports from the JetStream work queue through one durable consumer, so reports
 * published while no control plane runs are processed when one starts. Each message is
 * acknowledged only after its effect is stored.
 */
@Injectable()
export class AgentReportsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AgentReports');
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(AgentReportHandler) private readonly handler: AgentReportHandler,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.nats.enabled) return;
    this.nats.onConnected('agent reports', (connection) => this.start(connection));
    this.sweeper = setInterval(() => {
      this.handler.markSilentAgentsOffline(new Date(Date.now() - OFFLINE_AFTER_MS)).catch((error: Error) => this.logger.warn(`offline sweep failed: ${error.message}`));
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.messages?.close().catch(() => undefined);
    await this.loop;
  }

  /** Creates the stream and durable consumer when missing; both survive server restarts. */
  static async ensureStream(connection: NatsConnection): Promise<void> {
    const manager = await jetstreamManager(connection);
    const config = {
      name: AGENT_REPORTS_STREAM,
      subjects: [AGENT_REPORTS_STREAM_SUBJECT],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      max_age: nanos(REPORT_MAX_AGE_MS),
      max_bytes: 512 * 1024 * 1024,
      // Agents publish reports without waiting for an ack. Without this, a publish that names a
      // reply subject would make the server send its ack there, so an agent could have it
      // publish into another agent's subjects.
      no_ack: true,
    };
    const existing = await manager.streams.info(AGENT_REPORTS_STREAM).catch(() => null);
    if (existing === null) await manager.streams.add(config);
    else if (existing.config.no_ack !== true) await manager.streams.update(AGENT_REPORTS_STREAM, { ...existing.config, no_ack: true });
    await manager.consumers.add(AGENT_REPORTS_STREAM, {
      durable_name: AGENT_REPORTS_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: 10_000,
    });
  }

  private async start(connection: NatsConnection): Promise<void> {
    if (this.loop) return; // consume() follows reconnects by itself
    await AgentReportsConsumer.ensureStream(connection);
    const consumer = await jetstream(connection).consumers.get(AGENT_REPORTS_STREAM, AGENT_REPORTS_CONSUMER);
    this.messages = await consumer.consume({ max_messages: 1_000 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const message of messages) await this.process(message);
    })().catch((error: Error) => this.logger.error(`report consumer stopped: ${error.message}`));
  }

  private async process(message: JsMsg): Promise<void> {
    const report = parseReportSubject(message.subject);
    const decoded = report && decode(report.kind, message.data);
    if (!report || !decoded) {
      // Undecodable or not a report: redelivering cannot help.
      this.logger.warn(`dropping an unreadable message on ${message.subject}`);
      message.term();
      return;
    }
    try {
      const at = new Date(Math.floor(message.info.timestampNanos / 1_000_000));
      await this.handler.handle(report.agentId, decoded, at);
      message.ack();
    } catch (error) {
      this.logger.warn(`processing a ${report.kind} report of agent ${report.agentId} failed, will retry: ${(error as Error).message}`);
      message.nak(1_000);
    }
  }
}

function decode(kind: ReportKind, data: Uint8Array): DecodedReport | null {
  try {
    switch (kind) {
      case 'status':
        return { kind, report: fromBinary(StatusReportSchema, data) };
      case 'apply':
        return { kind, report: fromBinary(ApplyReportSchema, data) };
      case 'drift':
        return { kind, report: fromBinary(DriftReportSchema, data) };
      case 'job':
        return { kind, report: fromBinary(JobReportSchema, data) };
      case 'router':
        return { kind, report: fromBinary(RouterHealthReportSchema, data) };
    }
  } catch {
    return null;
  }
}
