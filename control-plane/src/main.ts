import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.factory';
import { createAdminCommand } from './auth/create-admin.command';
import { ConfigError, loadAppConfig, type AppConfig } from './config/app-config';
import { EmbeddedNatsUnavailableError, withEmbeddedNats } from './nats/embedded-start';
import { natsConfigCommand } from './nats/nats-config.command';

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
// Agents talk to NATS: without NATS_URL, this process runs and supervises its own nats-server.
// Without it the API and the console still serve: only agents have to wait, and the message says why.
const nats = await withEmbeddedNats(config).catch((error: unknown) => {
  if (!(error instanceof EmbeddedNatsUnavailableError)) throw error;
  console.error(`wom control plane: ${error.message}`);
  return { config, server: null };
});
const app = await createApp(nats.config);
// The app closes on SIGTERM/SIGINT (shutdown hooks); the server it used goes after it.
process.once('exit', () => void nats.server?.stop());
app.getHttpServer().once('close', () => void nats.server?.stop());
await app.listen(config.port, config.host);
console.log(`wom control plane: listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`);
