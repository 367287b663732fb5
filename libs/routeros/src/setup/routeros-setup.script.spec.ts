import { renderRouterOsSetupScript } from './routeros-setup.script';

describe('renderRouterOsSetupScript', () => {
  it('renders the certificate, service, group, user and firewall lines for one management address', () => {
    const script = renderRouterOsSetupScript({ managementAddress: '192.0.2.10', routerAddress: '198.51.100.7' });
    const lines = script.split('\n');
    expect(lines).toContain('/certificate add name=wom-rest common-name="198.51.100.7" subject-alt-name="IP:198.51.100.7" days-valid=3650');
    expect(lines).toContain('/ip service set www-ssl certificate=wom-rest port=443 address=192.0.2.10/32 disabled=no');
    expect(lines).toContain('/user group add name="wom-api" policy=read,write,api,rest-api,test comment="WAN Overlay Manager"');
    expect(lines).toContain('/user add name="wom-api" group="wom-api" address=192.0.2.10/32 disabled=yes comment="WAN Overlay Manager"');
    expect(script).toContain('dst-port=443 src-address=192.0.2.10/32 comment="WAN Overlay Manager REST API" place-before=$first');
    expect(script).not.toMatch(/password=[^<]/);
    expect(script.endsWith('\n')).toBe(true);
  });

  it('takes a network, a hostname, a custom user, group and port', () => {
    const script = renderRouterOsSetupScript({ managementAddress: '10.20.0.0/16', routerAddress: 'Edge-1.Example.net', username: 'ops@wan', groupName: 'wan-rest', restPort: 8443 });
    expect(script).toContain('subject-alt-name="DNS:edge-1.example.net"');
    expect(script).toContain('/ip service set www-ssl certificate=wom-rest port=8443 address=10.20.0.0/16 disabled=no');
    expect(script).toContain('/user add name="ops@wan" group="wan-rest" address=10.20.0.0/16');
  });

  it.each([
    ['managementAddress', { managementAddress: '192.0.2.10 comment=x' }, 'VALIDATION.INVALID_IPV4'],
    ['managementAddress', { managementAddress: '192.0.2.10; /system reset' }, 'VALIDATION.INVALID_CIDR'],
    ['managementAddress', { managementAddress: '192.0.2.10/24' }, 'VALIDATION.HOST_BITS_SET'],
    ['managementAddress', { managementAddress: '0.0.0.0/0 comment=x' }, 'VALIDATION.INVALID_CIDR'],
    ['routerAddress', { routerAddress: 'router"\n/system reset' }, 'VALIDATION.INVALID_ENDPOINT'],
    ['username', { username: 'wom" group=full' }, 'VALIDATION.INVALID_NAME'],
    ['groupName', { groupName: 'a;b' }, 'VALIDATION.INVALID_NAME'],
    ['restPort', { restPort: 70000 }, 'VALIDATION.INVALID_PORT'],
  ])('refuses a hostile %s', (field, change, code) => {
    expect(() => renderRouterOsSetupScript({ managementAddress: '192.0.2.10', routerAddress: '198.51.100.7', ...change })).toThrow(
      expect.objectContaining({ code, details: expect.objectContaining({ field }) }),
    );
  });
});
