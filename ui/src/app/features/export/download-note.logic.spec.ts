import { downloadPlan } from './download-note.logic';

describe('downloadPlan', () => {
  const laptop = { type: 'client', deploymentMode: 'config-file', hasPrivateKey: true } as const;

  it('gives an admin the key and a QR code for a peer whose key the server made', () => {
    expect(downloadPlan(laptop, true)).toMatchObject({ withPrivateKey: true, qr: true, note: expect.stringMatching(/imports it directly.*audit log/) });
  });

  it('tells anyone else why the key is not in the file', () => {
    expect(downloadPlan(laptop, false)).toMatchObject({ withPrivateKey: false, qr: false, note: expect.stringMatching(/^Without the private key: only an admin may download it/) });
  });

  it.each([
    [{ type: 'server', deploymentMode: 'agent', hasPrivateKey: false }, /stays on the device: its agent made it/],
    [{ type: 'hub', deploymentMode: 'agent', hasPrivateKey: true }, /stays on the device: its agent made it/],
    [{ type: 'mikrotik', deploymentMode: 'mikrotik-api', hasPrivateKey: false }, /stays on the router/],
    [{ type: 'mikrotik', deploymentMode: 'config-file', hasPrivateKey: false }, /stays on the router/],
    [{ type: 'client', deploymentMode: 'config-file', hasPrivateKey: false }, /public key is registered/],
  ] as const)('never asks for a key the device keeps: %j', (peer, note) => {
    for (const isAdmin of [true, false]) expect(downloadPlan(peer, isAdmin)).toEqual({ withPrivateKey: false, qr: false, note: expect.stringMatching(note) });
  });
});
