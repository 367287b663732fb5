import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory';
import { loadAppConfig, type AppConfig } from '../../src/config/app-config';
import { ServedCertificate, type TlsLog } from '../../src/tls/served-certificate';

export interface TlsTestApp {
  readonly app: NestExpressApplication;
  readonly config: AppConfig;
  readonly served: ServedCertificate | null;
  /** `https://127.0.0.1:<port>` (or http:// without a certificate). */
  readonly url: string;
  /** What the certificate code logged: startup facts and reloads, and refused reloads. */
  readonly messages: { readonly info: string[]; readonly error: string[] };
  close(): Promise<void>;
}

/**
 * The app as `main.ts` serves it: the certificate prepared from the config, Nest listening on a
 * free loopback port over HTTPS, and TLS_CERT/TLS_KEY watched every `reloadCheckMs`.
 */
export async function startTlsApp(databaseUrl: string, env: Record<string, string>, reloadCheckMs = 100): Promise<TlsTestApp> {
  const config = loadAppConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', MONITOR_INTERVAL_SECONDS: '0', HOST: '127.0.0.1', ...env });
  const info: string[] = [];
  const error: string[] = [];
  const tlsLog: TlsLog = { info: (message) => info.push(message), error: (message) => error.push(message) };
  const served = await ServedCertificate.prepare(config, tlsLog);
  const app = await createApp(config, served);
  app.useLogger(false);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as HttpsServer;
  served?.watch(server, tlsLog, reloadCheckMs);
  const port = (server.address() as AddressInfo).port;
  return { app, config, served, url: `${served === null ? 'http' : 'https'}://127.0.0.1:${port}`, messages: { info, error }, close: () => app.close() };
}
