import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NatsClient } from './nats-client';
import { loadNatsKeys, NatsTrust } from './nats-identity';

/** The NATS trust chain (keys under DATA_DIR/nats or from the environment) and the connection. */
@Global()
@Module({
  providers: [
    { provide: NatsTrust, inject: [APP_CONFIG], useFactory: async (config: AppConfig) => new NatsTrust(await loadNatsKeys(config.dataDir, config.nats.seeds)) },
    NatsClient,
  ],
  exports: [NatsTrust, NatsClient],
})
export class NatsModule {}
