import type { DesiredState, ServiceNatRule } from '@wom/domain';
import { branchState, hubState, laptopState } from '../__fixtures__/desired-states';
import { buildNftablesModel } from './nftables-model.builder';

const smb = branchState.serviceNat[0] as ServiceNatRule;

function withServices(...serviceNat: ServiceNatRule[]): DesiredState {
  return { ...branchState, serviceNat };
}

describe('buildNftablesModel', () => {
  it('shapes the branch fixture for nft', () => {
    expect(buildNftablesModel(branchState)).toEqual({
      interfaceName: 'wg-wan-overlay',
      relay: false,
      localDestinations: ['192.168.1.0/24', '192.168.10.0/24'],
      serviceHosts: ['192.168.10.5'],
      serviceDnat: [
        { protocol: 'tcp', sharedIp: '10.0.5.10', sharedPort: 445, localIp: '192.168.10.5', localPort: 445 },
        { protocol: 'udp', sharedIp: '10.0.5.10', sharedPort: 445, localIp: '192.168.10.5', localPort: 445 },
      ],
      serviceSnat: [{ from: '192.168.10.5', to: '10.0.5.10' }],
      netmapIn: [{ from: '172.16.0.0/24', to: '192.168.1.0/24' }],
      netmapOut: [{ from: '192.168.1.0/24', to: '172.16.0.0/24' }],
    });
  });

  it('keeps the relay flag of a hub and the emptiness of a laptop', () => {
    expect(buildNftablesModel(hubState).relay).toBe(true);
    const laptop = buildNftablesModel(laptopState);
    expect([laptop.localDestinations, laptop.serviceDnat, laptop.serviceSnat, laptop.netmapIn]).toEqual([[], [], [], []]);
  });

  it('sorts local destinations and drops networks inside others, since nft rejects overlapping intervals', () => {
    const state = { ...laptopState, firewall: { relay: false, localDestinations: ['192.168.10.0/24', '10.1.2.0/24', '10.0.0.0/8', '192.168.10.0/24'] } };
    expect(buildNftablesModel(state).localDestinations).toEqual(['10.0.0.0/8', '192.168.10.0/24']);
  });

  it('merges identical forwards, and lets the first service pick the shared address of a host', () => {
    const web = { ...smb, serviceId: 'web', protocols: ['tcp'] as const, sharedIp: '10.0.5.11', sharedPort: 80, localPort: 8080 };
    const other = { ...smb, serviceId: 'other', protocols: ['tcp'] as const, localIp: '192.168.10.2', sharedIp: '10.0.5.12' };
    const model = buildNftablesModel(withServices(smb, smb, web, other));
    expect(model.serviceDnat.map((entry) => `${entry.protocol} ${entry.sharedIp}:${entry.sharedPort}`)).toEqual([
      'tcp 10.0.5.10:445',
      'udp 10.0.5.10:445',
      'tcp 10.0.5.11:80',
      'tcp 10.0.5.12:445',
    ]);
    expect(model.serviceHosts).toEqual(['192.168.10.2', '192.168.10.5']);
    expect(model.serviceSnat).toEqual([
      { from: '192.168.10.2', to: '10.0.5.12' },
      { from: '192.168.10.5', to: '10.0.5.10' },
    ]);
  });

  it.each<[string, DesiredState, string, string]>([
    ['a shared port forwarded twice', withServices(smb, { ...smb, localPort: 446 }), 'IPAM.ALREADY_TAKEN', 'serviceNat[1]'],
    ['an unknown protocol', withServices({ ...smb, protocols: ['tcp', 'sctp' as 'tcp'] }), 'VALIDATION.INVALID_PROTOCOL', 'serviceNat[0].protocols[1]'],
    ['a bad shared address', withServices({ ...smb, sharedIp: '10.0.5.10; drop' }), 'VALIDATION.INVALID_IPV4', 'serviceNat[0].sharedIp'],
    ['a bad local port', withServices({ ...smb, localPort: 0 }), 'VALIDATION.INVALID_PORT', 'serviceNat[0].localPort'],
    [
      'a netmap between networks of different sizes',
      { ...branchState, netmap: [{ subnetId: 'n', realCidr: '192.168.1.0/24', translatedCidr: '172.16.0.0/16' }] },
      'VALIDATION.INVALID_CIDR',
      'netmap[0].translatedCidr',
    ],
    [
      'two netmaps of one real network',
      {
        ...branchState,
        netmap: [
          { subnetId: 'a', realCidr: '192.168.1.0/24', translatedCidr: '172.16.0.0/24' },
          { subnetId: 'b', realCidr: '192.168.1.0/25', translatedCidr: '172.16.1.0/25' },
        ],
      },
      'IPAM.ALREADY_TAKEN',
      'netmap[1].realCidr',
    ],
    [
      'two netmaps onto one translated network',
      {
        ...branchState,
        netmap: [
          { subnetId: 'a', realCidr: '192.168.1.0/24', translatedCidr: '172.16.0.0/24' },
          { subnetId: 'b', realCidr: '192.168.2.0/24', translatedCidr: '172.16.0.0/24' },
        ],
      },
      'IPAM.ALREADY_TAKEN',
      'netmap[1].translatedCidr',
    ],
    ['a local destination with host bits', { ...branchState, firewall: { relay: false, localDestinations: ['192.168.1.1/24'] } }, 'VALIDATION.HOST_BITS_SET', 'firewall.localDestinations[0]'],
  ])('rejects %s', (_label, state, code, field) => {
    expect(() => buildNftablesModel(state)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });

  it('orders several netmaps by address in each direction', () => {
    const state = {
      ...branchState,
      netmap: [
        { subnetId: 'a', realCidr: '192.168.1.0/24', translatedCidr: '172.16.1.0/24' },
        { subnetId: 'b', realCidr: '192.168.2.0/24', translatedCidr: '172.16.0.0/24' },
      ],
    };
    const model = buildNftablesModel(state);
    expect(model.netmapIn.map((pair) => pair.from)).toEqual(['172.16.0.0/24', '172.16.1.0/24']);
    expect(model.netmapOut.map((pair) => pair.from)).toEqual(['192.168.1.0/24', '192.168.2.0/24']);
  });
});
