import 'reflect-metadata';
import { createApp } from './app.factory';
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
const app = await createApp(config);
await app.listen(config.port, config.host);
console.log(`wom control plane: listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`);
