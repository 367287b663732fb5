import { loadAppConfig } from '../config/app-config';
import { Nkey } from './nkey';

describe('NATS configuration', () => {
  it('defaults to the embedded server on loopback port 4222', () => {
    expect(loadAppConfig({}, '/srv').nats).toEqual({ url: null, embeddedEnabled: true, embeddedPort: null, embeddedListen: null, serverBinary: null, agentUrls: [], tls: true, caFile: null, seeds: {} });
  });

  it('reads an external server, agent URLs and seeds', () => {
    const operator = Nkey.generate('operator').seed();
    const account = Nkey.generate('account').seed();
    const nats = loadAppConfig({
      NATS_URL: 'nats://a:4222, tls://b:4222',
      NATS_AGENT_URLS: 'tls://nats.example.com:4222',
      NATS_PORT: '14222',
      NATS_EMBEDDED: 'false',
      NATS_LISTEN: '0.0.0.0',
      NATS_TLS: 'false',
      NATS_CA_FILE: '/etc/wom/nats-ca.pem',
      NATS_OPERATOR_SEED: operator,
      NATS_ACCOUNT_SEED: account,
    }).nats;
    expect(nats).toEqual({
      url: 'nats://a:4222,tls://b:4222',
      embeddedEnabled: false,
      embeddedPort: 14222,
      embeddedListen: '0.0.0.0',
      serverBinary: null,
      agentUrls: ['tls://nats.example.com:4222'],
      tls: false,
      caFile: '/etc/wom/nats-ca.pem',
      seeds: { operator, account },
    });
  });

  it.each([
    ['NATS_URL', 'http://x:4222', /nats:\/\/ or tls:\/\//],
    ['NATS_URL', 'not a url', /expected URLs/],
    ['NATS_URL', 'nats://user:secret@x:4222', /must not carry credentials/],
    ['NATS_PORT', '0', /port from 1 to 65535/],
    ['NATS_EMBEDDED', 'yes', /true or false/],
    ['NATS_TLS', 'off', /true or false/],
    ['NATS_LISTEN', 'every interface', /an address to listen on/],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadAppConfig({ [name]: value })).toThrow(message);
  });

  it('refuses a seed of the wrong kind without echoing it', () => {
    const userSeed = Nkey.generate('user').seed();
    let error: Error | undefined;
    try {
      loadAppConfig({ NATS_OPERATOR_SEED: userSeed });
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toMatch(/NATS_OPERATOR_SEED.*expected an nkey seed starting with "SO"/);
    expect(error?.message).not.toContain(userSeed);
  });
});
