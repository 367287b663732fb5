import 'reflect-metadata';
import { createApp } from './app.factory';
import { createAdminCommand } from './auth/create-admin.command';
import { ConfigError, loadAppConfig, type AppConfig } from './config/app-config';

function readConfig(): AppConfig {
  try {
    // The only place the process environment is read.
    return loadAppConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`wom control plane: ${error.message}`);
    process.exit(78); // EX_CONFIG
  }
}

const config = readConfig();
// `main.js create-admin <username>`: (re)creates an admin with a one-time password, then exits.
if (process.argv[2] === 'create-admin') process.exit(await createAdminCommand(config, process.argv[3], (text) => process.stdout.write(text)));
const app = await createApp(config);
await app.listen(config.port, config.host);
console.log(`wom control plane: listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`);
