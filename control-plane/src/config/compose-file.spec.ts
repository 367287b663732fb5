import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadAppConfig } from './app-config';

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks what can be checked
 * without it: the services, ports and volumes agree with each other and with the settings the
 * control plane accepts at start.
 */
const root = join(__dirname, '..', '..', '..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as ComposeFile;
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};
/** `${VAR}`, `${VAR:-default}` and `${VAR:?message}` as compose expands them, with sample secrets. */
const SAMPLE_ENV: Record<string, string> = { POSTGRES_PASSWORD: 'pw', WOM_MASTER_KEY: 'a'.repeat(64), JWT_SECRET: 'b'.repeat(64) };
const expand = (value: string): string =>
  value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, kind?: string, rest?: string) => SAMPLE_ENV[name] ?? (kind === '-' ? (rest ?? '') : ''));
const mounts = (s: ComposeService) => new Map((s.volumes ?? []).map((v) => [v.split(':')[1]!, v.split(':')[0]!]));
const containerPorts = (s: ComposeService) => (s.ports ?? []).map((p) => Number(p.split(':').at(-1)));

describe('docker-compose.yml', () => {
  it('declares every named volume it mounts and every service it depends on', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const source of mounts(s).values()) expect({ service: name, volume: source, declared: source in compose.volumes }).toEqual({ service: name, volume: source, declared: true });
      for (const dependency of Object.keys(s.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dependency);
      if (s.build) expect(existsSync(join(root, s.build.context, s.build.dockerfile))).toBe(true);
    }
  });

  it('gives the control plane settings it accepts, on the port and data directory it publishes', () => {
    const cp = service('control-plane');
    const env = Object.fromEntries(Object.entries(cp.environment ?? {}).map(([k, v]) => [k, expand(String(v))]));
    const config = loadAppConfig(env, '/');
    expect(containerPorts(cp)).toContain(config.port);
    expect(mounts(cp).has(config.dataDir)).toBe(true);
    expect(config.authMode).toBe('multi-user');
    expect(config.nats.embeddedEnabled).toBe(false);
  });

  it('points the control plane at the postgres service with its own user and database', () => {
    const pg = service('postgres');
    const url = new URL(expand(service('control-plane').environment!['DATABASE_URL']!));
    expect(url.hostname).toBe('postgres');
    expect(url.username).toBe(pg.environment!['POSTGRES_USER']);
    expect(url.pathname).toBe(`/${pg.environment!['POSTGRES_DB']}`);
    expect(url.password).toBe(expand(pg.environment!['POSTGRES_PASSWORD']!));
  });

  it('points the control plane at the nats service, whose configuration the nats-config step writes into the shared volume', () => {
    const nats = service('nats');
    const url = new URL(expand(service('control-plane').environment!['NATS_URL']!));
    expect(url.hostname).toBe('nats');
    expect(containerPorts(nats)).toContain(Number(url.port));
    const dataDir = service('control-plane').environment!['DATA_DIR']!;
    expect(service('nats-config').environment!['DATA_DIR']).toBe(dataDir);
    expect(mounts(service('nats-config')).get(dataDir)).toBe(mounts(service('control-plane')).get(dataDir));
    expect(mounts(nats).get(dataDir)).toBe(mounts(service('control-plane')).get(dataDir));
    expect(nats.command).toEqual(['-c', `${dataDir}/nats/nats-server.conf`]);
    expect(service('nats-config').command?.[0]).toBe('nats-config');
    expect(service('nats-config').command).toContain(`0.0.0.0:${url.port}`);
    expect(nats.depends_on?.['nats-config']?.condition).toBe('service_completed_successfully');
  });
});
