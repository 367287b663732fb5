import { Module, type DynamicModule } from '@nestjs/common';
import type { ServedCertificate } from './served-certificate';

/** What the rest of the app may know about the served certificate: enough to hand agents a pin. */
export class TlsState {
  constructor(readonly served: ServedCertificate | null) {}

  /**
   * The public-key pin installers and agents are given: only for a self-signed certificate,
   * which nothing else vouches for. A CA-issued one verifies against the box's trust store.
   */
  get agentPin(): string | null {
    return this.served?.facts.selfSigned === true ? this.served.facts.publicKeyPin : null;
  }
}

/** Makes the served certificate (or its absence) injectable everywhere. */
@Module({})
export class TlsModule {
  static forRoot(served: ServedCertificate | null): DynamicModule {
    return { module: TlsModule, global: true, providers: [{ provide: TlsState, useValue: new TlsState(served) }], exports: [TlsState] };
  }
}
