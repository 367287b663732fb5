import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TlsState } from '../tls/tls.module';
import { AgentArtifacts } from './agent-artifacts';
import { InstallController, InstallInfoController } from './install.controller';
import { InstallInfoService } from './install-info.service';

/** Serves the agent, its installer and the install facts the console shows. */
@Module({
  controllers: [InstallController, InstallInfoController],
  providers: [
    InstallInfoService,
    { provide: AgentArtifacts, inject: [APP_CONFIG, TlsState], useFactory: (config: AppConfig, tls: TlsState) => new AgentArtifacts(config.agentDistDir, config.publicUrl, () => tls.agentPin) },
  ],
})
export class InstallModule {}
