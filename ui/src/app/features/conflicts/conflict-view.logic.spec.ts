import type { ResolutionPreviewResponse } from '@wom/contracts';
import type { ConflictParty } from '../../core/api.models';
import { choiceComplete, overlapBars, partyLabel, resolutionBody, resolutionChanges, wizardField, type ResolutionChoice } from './conflict-view.logic';

const party = (peerName: string, cidr: string, routedAs: string | null = cidr): ConflictParty => ({ kind: 'subnet', peerId: peerName, peerName, subnetId: `s-${peerName}`, cidr, routedAs });

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

describe('resolution choice', () => {
  const empty: ResolutionChoice = { resolution: null, subnetId: null, newCidr: '', allowed: '' };
  it('is incomplete until both a resolution and a side are picked: there is no default', () => {
    expect(choiceComplete(empty)).toBe(false);
    expect(choiceComplete({ ...empty, resolution: 'isolate' })).toBe(false);
    expect(choiceComplete({ ...empty, subnetId: 's-b' })).toBe(false);
    expect(choiceComplete({ ...empty, resolution: 'isolate', subnetId: 's-b' })).toBe(true);
    expect(choiceComplete({ ...empty, resolution: 'change-network', subnetId: 's-b' })).toBe(false);
    expect(() => resolutionBody(empty)).toThrow();
  });

  it('sends the same body to preview and resolve, with only the fields the resolution uses', () => {
    expect(resolutionBody({ resolution: 'nat-translate', subnetId: 's-b', newCidr: '10.1.0.0/24', allowed: 'x' })).toEqual({ resolution: 'nat-translate', subnetId: 's-b' });
    expect(resolutionBody({ resolution: 'selective-routing', subnetId: 's-b', newCidr: '', allowed: ' 192.168.1.128/25, ,192.168.1.64/26 ' })).toEqual({ resolution: 'selective-routing', subnetId: 's-b', allowedCidrs: ['192.168.1.128/25', '192.168.1.64/26'] });
  });

  it('maps API field names to the wizard fields', () => {
    expect(['newCidr', 'allowedCidrs[1]', 'subnetId', 'natTranslatedCidr'].map(wizardField)).toEqual(['newCidr', 'allowed', 'subnetId', null]);
  });
});

describe('resolutionChanges', () => {
  it('shows the translation the API will write and each device that changes', () => {
    const subnet = { id: 's-b', peerId: 'b', cidr: '192.168.1.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null, description: '' };
    const preview: ResolutionPreviewResponse = {
      conflictId: 'c', resolution: 'nat-translate', before: subnet, after: { ...subnet, natEnabled: true, natTranslatedCidr: '172.16.0.0/24' }, added: [], residualAccepted: false,
      affectedPeers: [{ peerId: 'b', peerName: 'lyon', peerType: 'mikrotik', deploymentMode: 'mikrotik-api' }, { peerId: 'a', peerName: 'paris', peerType: 'server', deploymentMode: 'agent' }],
    };
    const view = resolutionChanges(preview, 'lyon');
    expect(view.summary).toBe('lyon: 192.168.1.0/24 routed → 192.168.1.0/24 routed as 172.16.0.0/24.');
    expect(view.devices).toEqual([
      { device: 'lyon (mikrotik-api)', lines: [{ kind: 'change', text: 'its subnet: 192.168.1.0/24 routed as 172.16.0.0/24' }] },
      { device: 'paris (agent)', lines: [{ kind: 'change', text: 'routes to lyon follow the change' }] },
    ]);
  });
});

describe('helpers', () => {
  it('labels parties', () => {
    expect(partyLabel({ kind: 'shared-services-range', cidr: '10.0.5.0/24' })).toBe('WAN shared-services range 10.0.5.0/24');
  });
});
