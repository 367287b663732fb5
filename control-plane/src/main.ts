import 'reflect-metadata';
import type { Server as HttpsServer } from 'node:https';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.factory';
import { createAdminCommand } from './auth/create-admin.command';
import { ConfigError, loadAppConfig, type AppConfig } from './config/app-config';
import { EmbeddedNatsUnavailableError, withEmbeddedNats } from './nats/embedded-start';
import { natsConfigCommand } from './nats/nats-config.command';
import { createRedirectServer } from './tls/redirect-server';
import { ServedCertificate, type TlsLog } from './tls/served-certificate';

function readConfig(): AppConfig {
  try {
    // The only place the process environment is read.
    // The installation's root is two levels above this bundle (control-plane/dist/main.js): the
    // repository, or /opt/wom in the image. The built agent is served from its agent/dist.
    return loadAppConfig(process.env, process.cwd(), fileURLToPath(new URL('../..', import.meta.url)));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`wom control plane: ${error.message}`);
    process.exit(78); // EX_CONFIG
  }
}

const config = readConfig();
// `main.js create-admin <username>`: (re)creates an admin with a one-time password, then exits.
if (process.argv[2] === 'create-admin') process.exit(await createAdminCommand(config, process.argv[3], (text) => process.stdout.write(text)));
// `main.js nats-config --listen 0.0.0.0:4222`: writes the configuration for a separate nats-server, then exits.
if (process.argv[2] === 'nats-config') process.exit(await natsConfigCommand(config, process.argv.slice(3), (text) => process.stdout.write(text)));
// Before NATS starts, so a certificate that cannot be served stops the start with nothing left running.
const tlsLog: TlsLog = { info: (message) => console.log(`wom control plane: ${message}`), error: (message) => console.error(`wom control plane: ${message}`) };
const served = await ServedCertificate.prepare(config, tlsLog).catch((error: unknown) => {
  console.error(`wom control plane: cannot serve HTTPS: ${(error as Error).message}. Fix TLS_CERT/TLS_KEY, or set TLS=off behind a TLS-terminating proxy.`);
  process.exit(78); // EX_CONFIG
});
// Agents talk to NATS: without NATS_URL, this process runs and supervises its own nats-server.
// Without it the API and the console still serve: only agents have to wait, and the message says why.
const nats = await withEmbeddedNats(config).catch((error: unknown) => {
  if (!(error instanceof EmbeddedNatsUnavailableError)) throw error;
  console.error(`wom control plane: ${error.message}`);
  return { config, server: null };
});
const app = await createApp(nats.config, served);
// The app closes on SIGTERM/SIGINT (shutdown hooks); the server it used goes after it.
process.once('exit', () => void nats.server?.stop());
app.getHttpServer().once('close', () => void nats.server?.stop());
await app.listen(config.port, config.host);
const listenHost = config.host.includes(':') ? `[${config.host}]` : config.host;
console.log(`wom control plane: listening on ${served === null ? 'http' : 'https'}://${listenHost}:${config.port}`);
// With httpsOptions, Nest's server is an https.Server; its type does not say so.
if (served !== null) served.watch(app.getHttpServer() as HttpsServer, tlsLog);
if (config.tls.redirectPort !== null) {
  const redirect = createRedirectServer(config.publicUrl);
  redirect.once('error', (error) => {
    console.error(`wom control plane: cannot listen on HTTP_REDIRECT_PORT ${config.tls.redirectPort}: ${error.message}`);
    process.exit(78); // EX_CONFIG
  });
  redirect.listen(config.tls.redirectPort, config.host);
  app.getHttpServer().once('close', () => redirect.close());
  console.log(`wom control plane: redirecting http://${listenHost}:${config.tls.redirectPort} to ${config.publicUrl}`);
}
