import type { Conflict, ConflictParty, Peer } from '../../core/api.models';
import { defaultSide, natPreview, overlapBars, partyLabel } from './conflict-view.logic';

const party = (peerName: string, cidr: string, routedAs: string | null = cidr): ConflictParty => ({ kind: 'subnet', peerId: peerName, peerName, subnetId: `s-${peerName}`, cidr, routedAs });
const wan = { tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24' };

describe('overlapBars', () => {
  it('places both parties and the overlap on one line', () => {
    const bars = overlapBars({ parties: [party('paris', '192.168.1.0/24'), party('lyon', '192.168.1.0/25')], overlap: '192.168.1.0/25' })!;
    expect(bars.parties.map((b) => [b.left, b.width])).toEqual([[0, 100], [0, 50]]);
    expect(bars.overlap).toMatchObject({ left: 0, width: 50, range: '192.168.1.0 – 192.168.1.127' });
  });

  it('uses the routed (translated) prefix when there is one', () => {
    const bars = overlapBars({ parties: [party('a', '192.168.1.0/24', '172.16.0.0/24'), { kind: 'tunnel-range', cidr: '172.16.0.0/23' }], overlap: '172.16.0.0/24' })!;
    expect(bars.parties[0]).toMatchObject({ cidr: '172.16.0.0/24', left: 0, width: 50 });
    expect(bars.parties[1]!.label).toBe('WAN tunnel range 172.16.0.0/23');
  });

  it('returns null for unreadable prefixes', () => {
    expect(overlapBars({ parties: [party('a', 'junk')], overlap: 'junk' })).toBeNull();
  });
});

describe('natPreview', () => {
  it('shows the translation the allocator picks and an example address', () => {
    const peers = [{ subnets: [{ cidr: '192.168.1.0/24', natTranslatedCidr: null }] }, { subnets: [{ cidr: '192.168.1.0/24', natTranslatedCidr: '172.16.0.0/24' }] }] as unknown as Peer[];
    expect(natPreview(party('lyon', '192.168.1.0/24'), wan, peers)).toEqual({ translated: '172.16.1.0/24', example: '192.168.1.10 is reached as 172.16.1.10' });
  });

  it('has nothing to translate for a WAN range', () => {
    expect(natPreview({ kind: 'tunnel-range', cidr: '10.0.0.0/24' }, wan, [])).toBeNull();
  });
});

describe('helpers', () => {
  it('picks the newer subnet side and labels parties', () => {
    const conflict = { parties: [party('paris', '192.168.1.0/24'), party('lyon', '192.168.1.0/24')] } as Pick<Conflict, 'parties'>;
    expect(defaultSide(conflict)?.peerName).toBe('lyon');
    expect(partyLabel({ kind: 'shared-services-range', cidr: '10.0.5.0/24' })).toBe('WAN shared-services range 10.0.5.0/24');
  });
});
