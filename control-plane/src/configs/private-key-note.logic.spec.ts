import type { PeerType } from '@wom/domain';
import type { DeploymentMode } from '../database/entities/peer.entity';
import { withPrivateKeyNote } from './peer-artifacts';
import { keyCustody, keyOrNote, privateKeyNote } from './private-key-note.logic';

const ADMIN = { name: 'ada', role: 'admin' };
const READER = { name: 'rex', role: 'read-only' };

describe('keyCustody', () => {
  it.each([
    ['client', 'config-file', true, 'server'],
    ['server', 'config-file', true, 'server'],
    ['generic-router', 'config-file', true, 'server'],
    ['client', 'config-file', false, 'device'],
    ['server', 'agent', false, 'agent'],
    ['hub', 'agent', true, 'agent'],
    ['mikrotik', 'mikrotik-api', false, 'router'],
    ['mikrotik', 'mikrotik-script', false, 'router'],
    ['mikrotik', 'config-file', true, 'router'],
  ] as const)('%s peer in %s mode (stored key: %s) → %s', (type, deploymentMode, hasStoredKey, custody) => {
    expect(keyCustody({ type: type as PeerType, deploymentMode: deploymentMode as DeploymentMode, hasStoredKey })).toBe(custody);
  });
});

describe('privateKeyNote', () => {
  it('is one comment line for every custody and reason', () => {
    for (const custody of ['server', 'agent', 'router', 'device'] as const) {
      for (const withheld of ['not-requested', 'not-admin'] as const) {
        const note = privateKeyNote(custody, withheld);
        expect(note).toMatch(/^# PrivateKey: /);
        expect(note).not.toContain('\n');
      }
    }
  });

  it('tells a non-admin why the key is withheld, and an admin how to get it', () => {
    expect(privateKeyNote('server', 'not-admin')).toMatch(/withheld\. Only an admin may download/);
    expect(privateKeyNote('server', 'not-requested')).toMatch(/not included\. Download the configuration with its private key/);
  });

  it('says the key stays on agent-run and router peers whoever asks', () => {
    expect(privateKeyNote('agent', 'not-admin')).toBe(privateKeyNote('agent', 'not-requested'));
    expect(privateKeyNote('agent', 'not-admin')).toMatch(/kept on the device\. Its agent generated/);
    expect(privateKeyNote('router', 'not-admin')).toMatch(/kept on the router/);
  });
});

describe('keyOrNote', () => {
  const laptop = { type: 'client' as PeerType, deploymentMode: 'config-file' as DeploymentMode, privateKeyEncrypted: 'v1:sealed' };

  it('passes a disclosed key through', () => {
    expect(keyOrNote(laptop, 'k'.repeat(43) + '=', ADMIN)).toEqual({ privateKey: 'k'.repeat(43) + '=' });
  });

  it('explains a missing key by who asked', () => {
    expect(keyOrNote(laptop, undefined, READER)).toEqual({ keyNote: privateKeyNote('server', 'not-admin') });
    expect(keyOrNote(laptop, undefined, undefined)).toEqual({ keyNote: privateKeyNote('server', 'not-admin') });
    expect(keyOrNote(laptop, undefined, ADMIN)).toEqual({ keyNote: privateKeyNote('server', 'not-requested') });
  });
});

describe('withPrivateKeyNote', () => {
  const file = '# header\n\n[Interface]\n# PrivateKey: not included in this file; paste it.\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = x\n';

  it("replaces the renderer's generic comment and nothing else", () => {
    expect(withPrivateKeyNote(file, '# PrivateKey: kept on the router.')).toBe(file.replace('# PrivateKey: not included in this file; paste it.', '# PrivateKey: kept on the router.'));
  });

  it('adds the note under [Interface] when the generic comment is gone', () => {
    const bare = file.replace('# PrivateKey: not included in this file; paste it.\n', '');
    expect(withPrivateKeyNote(bare, '# PrivateKey: kept.')).toBe(bare.replace('[Interface]\n', '[Interface]\n# PrivateKey: kept.\n'));
  });

  it('takes a note with $ signs literally', () => {
    expect(withPrivateKeyNote(file, "# PrivateKey: $& $' $1")).toContain("# PrivateKey: $& $' $1\n");
  });
});
