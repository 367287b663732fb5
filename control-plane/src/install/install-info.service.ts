import { Inject, Injectable } from '@nestjs/common';
import type { AgentInstallInfo } from '@wom/contracts';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NatsClient } from '../nats/nats-client';
import { TlsState } from '../tls/tls.module';
import { AgentArtifacts } from './agent-artifacts';
import { installInfo } from './install-info';

@Injectable()
export class InstallInfoService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(AgentArtifacts) private readonly artifacts: AgentArtifacts,
    @Inject(TlsState) private readonly tls: TlsState,
  ) {}

  async get(): Promise<AgentInstallInfo> {
    return installInfo({
      publicUrl: this.config.publicUrl,
      natsUrls: this.nats.agentUrls,
      embeddedNatsListen: this.config.nats.embeddedListen,
      executable: await this.artifacts.executable(),
      tls: this.tls.served?.facts ?? null,
    });
  }
}
