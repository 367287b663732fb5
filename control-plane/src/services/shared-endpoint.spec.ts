import { findEndpointClash, type SharedEndpoint } from './shared-endpoint';

const svc = (id: string, sharedIp: string, sharedPort: number, protocol: SharedEndpoint['protocol']) => ({ id, sharedIp, sharedPort, protocol });

describe('findEndpointClash', () => {
  const existing = [svc('tcp80', '10.0.5.1', 80, 'tcp'), svc('both53', '10.0.5.1', 53, 'both')];

  it.each([
    ['the same triple', svc('n', '10.0.5.1', 80, 'tcp'), 'tcp80'],
    ['both against tcp', svc('n', '10.0.5.1', 80, 'both'), 'tcp80'],
    ['udp against both', svc('n', '10.0.5.1', 53, 'udp'), 'both53'],
    ['udp next to tcp', svc('n', '10.0.5.1', 80, 'udp'), null],
    ['another port', svc('n', '10.0.5.1', 81, 'both'), null],
    ['another address', svc('n', '10.0.5.2', 80, 'tcp'), null],
    ['the service itself', svc('tcp80', '10.0.5.1', 80, 'both'), null],
  ])('%s', (_what, wanted, clash) => {
    expect(findEndpointClash(wanted, existing)?.id ?? null).toBe(clash);
  });
});
