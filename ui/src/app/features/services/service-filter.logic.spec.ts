import type { Service } from '../../core/api.models';
import { filterServices, sharedAddress } from './service-filter.logic';

const service = (name: string, peerId: string, protocol: Service['protocol'], sharedIp: string, localIp = '192.168.1.10'): Service => ({
  id: name, wanId: 'w', peerId, name, description: '', localIp, localPort: 80, sharedIp, sharedPort: 8080, protocol, isActive: true, createdAt: '', updatedAt: '',
});
const all = [service('web', 'p1', 'tcp', '10.0.5.1'), service('dns', 'p2', 'udp', '10.0.5.2', '192.168.2.53'), service('erp', 'p1', 'both', '10.0.6.1')];

describe('filterServices', () => {
  it('filters by peer and protocol', () => {
    expect(filterServices(all, { peerId: 'p1', protocol: '', range: '' }).map((s) => s.name)).toEqual(['erp', 'web']);
    expect(filterServices(all, { peerId: '', protocol: 'udp', range: '' }).map((s) => s.name)).toEqual(['dns']);
  });
  it('filters by an IP range over shared or local addresses, ignoring a half-typed one', () => {
    expect(filterServices(all, { peerId: '', protocol: '', range: '10.0.5.0/24' }).map((s) => s.name)).toEqual(['dns', 'web']);
    expect(filterServices(all, { peerId: '', protocol: '', range: '192.168.2.0/24' }).map((s) => s.name)).toEqual(['dns']);
    expect(filterServices(all, { peerId: '', protocol: '', range: '10.0.' })).toHaveLength(3);
  });
  it('formats the shared address', () => expect(sharedAddress(all[0]!)).toBe('10.0.5.1:8080'));
});
