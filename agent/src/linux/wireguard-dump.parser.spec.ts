import { parseWireGuardDump } from './wireguard-dump.parser';

const PRIV = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const PUB = 'HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=';
const PEER_A = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const PEER_B = 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=';

describe('parseWireGuardDump', () => {
  it('reads the interface line and every peer line', () => {
    const dump = [
      `${PRIV}\t${PUB}\t51820\toff`,
      `${PEER_A}\t(none)\t198.51.100.7:51820\t10.0.0.2/32,192.168.10.0/24\t1732540000\t1024\t2048\t25`,
      `${PEER_B}\t(none)\t(none)\t(none)\t0\t0\t0\toff`,
      '',
    ].join('\n');
    expect(parseWireGuardDump(dump)).toEqual({
      privateKey: PRIV,
      publicKey: PUB,
      listenPort: 51820,
      fwmark: 'off',
      peers: [
        {
          publicKey: PEER_A,
          presharedKey: null,
          endpoint: '198.51.100.7:51820',
          allowedIps: ['10.0.0.2/32', '192.168.10.0/24'],
          latestHandshake: 1732540000,
          rxBytes: 1024,
          txBytes: 2048,
          persistentKeepalive: 25,
        },
        { publicKey: PEER_B, presharedKey: null, endpoint: null, allowedIps: [], latestHandshake: 0, rxBytes: 0, txBytes: 0, persistentKeepalive: null },
      ],
    });
  });

  it('reads a device that has no key yet', () => {
    expect(parseWireGuardDump('(none)\t(none)\t40123\toff\n')).toMatchObject({ privateKey: null, publicKey: null, listenPort: 40123, peers: [] });
  });

  it.each([
    ['empty output', ''],
    ['a short interface line', `${PRIV}\t${PUB}\t51820`],
    ['a short peer line', `${PRIV}\t${PUB}\t51820\toff\n${PEER_A}\t(none)`],
    ['a counter that is not a number', `${PRIV}\t${PUB}\t51820\toff\n${PEER_A}\t(none)\t(none)\t(none)\t0\tx\t0\toff`],
  ])('rejects %s with a message naming what is wrong', (_what, dump) => {
    expect(() => parseWireGuardDump(dump)).toThrow(/wg dump: expected|is not a number/);
  });
});
