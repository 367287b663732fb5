import { installInfo, type InstallFacts } from './install-info';

const reachable: InstallFacts = {
  publicUrl: 'https://wom.example.com',
  natsUrls: ['nats://wom.example.com:4222'],
  embeddedNatsListen: '0.0.0.0',
  executable: { sha256: 'a'.repeat(64), sizeBytes: 89_000_000 },
};

describe('installInfo', () => {
  it('has nothing to warn about when boxes elsewhere can reach everything', () => {
    expect(installInfo(reachable)).toEqual({
      publicUrl: 'https://wom.example.com',
      scriptUrl: 'https://wom.example.com/install/agent.sh',
      natsUrls: ['nats://wom.example.com:4222'],
      reachableFromOtherHosts: true,
      warnings: [],
      executable: reachable.executable,
      tls: null,
    });
  });

  it('says plainly that a loopback public address keeps other hosts out, and what to set', () => {
    const info = installInfo({ ...reachable, publicUrl: 'http://127.0.0.1:8080', natsUrls: ['nats://127.0.0.1:4222'], embeddedNatsListen: '127.0.0.1' });
    expect(info.reachableFromOtherHosts).toBe(false);
    expect(info.warnings).toEqual([expect.stringMatching(/http:\/\/127\.0\.0\.1:8080, which only this machine can reach.*Set PUBLIC_URL/), expect.stringMatching(/NATS at nats:\/\/127\.0\.0\.1:4222.*NATS_AGENT_URLS/)]);
  });

  it('catches an embedded NATS left on loopback behind a public address', () => {
    const info = installInfo({ ...reachable, embeddedNatsListen: '127.0.0.1' });
    expect(info.reachableFromOtherHosts).toBe(false);
    expect(info.warnings).toEqual([expect.stringMatching(/listens on 127\.0\.0\.1 only\. Set NATS_LISTEN=0\.0\.0\.0/)]);
  });

  it('warns when there is no NATS, or no executable to serve (the latter keeps it reachable)', () => {
    expect(installInfo({ ...reachable, natsUrls: [] }).warnings).toEqual([expect.stringContaining('NATS is not configured')]);
    const noBuild = installInfo({ ...reachable, executable: null });
    expect(noBuild).toMatchObject({ reachableFromOtherHosts: true, warnings: [expect.stringContaining('npm run build:agent')] });
  });
});
