import { apiKeyProblems, asNumber, serviceProblems, userProblems, wanProblems } from './form-rules.logic';

describe('form rules', () => {
  it('accepts a WAN with a name and default ranges, and names each bad field', () => {
    expect(wanProblems({ name: 'acme', tunnelIpRange: '', sharedServicesRange: '' })).toEqual({});
    const problems = wanProblems({ name: 'bad;name', tunnelIpRange: '10.0.0.0/33', sharedServicesRange: 'nope' });
    expect(Object.keys(problems).sort()).toEqual(['name', 'sharedServicesRange', 'tunnelIpRange']);
    expect(problems['name']).toContain('";"');
  });

  it('checks settings without a name', () => {
    expect(wanProblems({ tunnelIpRange: '10.1.0.0/24', sharedServicesRange: '10.1.5.0/24' })).toEqual({});
  });

  it('checks a service as the API does: peer, name, IPv4, ports from 1 to 65535', () => {
    const good = { peerId: 'p', name: 'intranet', localIp: '192.168.88.10', localPort: '443', sharedPort: '' };
    expect(serviceProblems(good)).toEqual({});
    expect(Object.keys(serviceProblems({ peerId: '', name: '', localIp: '300.1.1.1', localPort: '0', sharedPort: 'x' })).sort())
      .toEqual(['localIp', 'localPort', 'name', 'peerId', 'sharedPort']);
    expect(serviceProblems({ ...good, localPort: '65536' })['localPort']).toBeDefined();
  });

  it('checks a user and a key', () => {
    expect(userProblems({ username: 'Ana.Ops', password: 'twelve-chars' })).toEqual({});
    expect(Object.keys(userProblems({ username: '-ana', password: 'short' })).sort()).toEqual(['password', 'username']);
    expect(apiKeyProblems({ name: 'ci' })).toEqual({});
    expect(apiKeyProblems({ name: ' ' })['name']).toBeDefined();
  });

  it('reads whole numbers and leaves anything else as text', () => {
    expect(asNumber(' 443 ')).toBe(443);
    expect(asNumber('44a')).toBe('44a');
  });
});
