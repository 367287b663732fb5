import { checkRangeKeepsHolders, checkWanRanges } from './wan-ranges';

describe('checkWanRanges', () => {
  it('accepts disjoint ranges', () => expect(() => checkWanRanges('10.0.0.0/24', '10.0.5.0/24')).not.toThrow());
  it('refuses overlapping ranges', () => expect(() => checkWanRanges('10.0.0.0/16', '10.0.5.0/24')).toThrow(expect.objectContaining({ code: 'WAN.RANGES_OVERLAP' })));
  it('refuses a range wider than a /8', () => expect(() => checkWanRanges('10.0.0.0/7', '192.168.0.0/24')).toThrow(expect.objectContaining({ code: 'IPAM.RANGE_TOO_LARGE' })));
});

describe('checkRangeKeepsHolders', () => {
  const holders = [
    { ip: '10.0.0.1', holder: 'peer "a"' },
    { ip: '10.0.0.127', holder: 'peer "b"' },
    { ip: '10.0.0.200', holder: 'peer "c"' },
  ];

  it('accepts a range that keeps every holder on a usable address', () => {
    expect(() => checkRangeKeepsHolders('tunnelIpRange', '10.0.0.0/23', holders)).not.toThrow();
  });

  it('names holders left outside or on the broadcast address', () => {
    expect(() => checkRangeKeepsHolders('tunnelIpRange', '10.0.0.0/25', holders)).toThrow(
      expect.objectContaining({ code: 'WAN.RANGE_IN_USE', details: expect.objectContaining({ stranded: ['10.0.0.127', '10.0.0.200'] }) }),
    );
  });
});
