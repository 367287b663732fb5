import * as nodeCrypto from 'node:crypto';
import { generateSealingKeyPair, openSealedSecret, sealSecret } from '@wom/contracts';
import { median, percentile, timeRuns, type CaseOutcome } from './measure';

/** A router password of a usual length, as a dispatch carries it. */
const PASSWORD = 'Router-Pa55word-of-24chr';
const RUNS = 2_000;

/**
 * What sealing the router password adds to one job dispatch: an ephemeral X25519 key pair,
 * one X25519, HKDF-SHA-256 and one AES-256-GCM encryption (the control plane's side), and
 * opening it (the agent's). The floor is the cheapest thing that still encrypts those bytes:
 * one AES-256-GCM encryption with a key already at hand.
 */
export const SEALING_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'seal-router-password': async () => {
    const keys = generateSealingKeyPair(nodeCrypto);
    const context = () => ({ agentId: nodeCrypto.randomUUID(), runId: nodeCrypto.randomUUID() });
    let sealed = sealSecret(nodeCrypto, keys.publicKey, context(), PASSWORD);
    // Warm up: the first calls load OpenSSL's providers and compile the JavaScript.
    await timeRuns(200, () => sealSecret(nodeCrypto, keys.publicKey, context(), PASSWORD));
    const runs = await timeRuns(RUNS, () => (sealed = sealSecret(nodeCrypto, keys.publicKey, context(), PASSWORD)));
    const opening = { agentId: 'agent', runId: 'run' };
    const forOpening = sealSecret(nodeCrypto, keys.publicKey, opening, PASSWORD);
    const opens = await timeRuns(RUNS, () => openSealedSecret(nodeCrypto, keys, opening, forOpening));
    const key = nodeCrypto.randomBytes(32);
    const bytes = Buffer.from(PASSWORD);
    const aesGcm = () => {
      const cipher = nodeCrypto.createCipheriv('aes-256-gcm', key, nodeCrypto.randomBytes(12));
      return Buffer.concat([cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
    };
    await timeRuns(200, aesGcm);
    const floor = median(await timeRuns(RUNS, aesGcm));
    const sealMs = median(runs);
    const ratio = (ms: number) => `${(ms / floor).toFixed(0)}× the floor`;
    return {
      name: 'seal the router password of one job dispatch to the agent (X25519 + HKDF-SHA-256 + AES-256-GCM)',
      target: '≤ 1 ms',
      limitMs: 1,
      medianMs: sealMs,
      runs,
      display: `${(sealMs * 1000).toFixed(0)} µs`,
      notes: `median of ${RUNS} seals, p99 ${(percentile(runs, 99) * 1000).toFixed(0)} µs; ${sealed.length} bytes on the wire. Floor: one AES-256-GCM encryption of the same ${bytes.length} bytes with a key at hand, ${(floor * 1000).toFixed(1)} µs; sealing is ${ratio(sealMs)}.`,
      related: [
        {
          name: 'open it on the agent (X25519 + HKDF-SHA-256 + AES-256-GCM)',
          target: '≤ 1 ms',
          limitMs: 1,
          medianMs: median(opens),
          runs: opens,
          display: `${(median(opens) * 1000).toFixed(0)} µs`,
          notes: `median of ${RUNS}, p99 ${(percentile(opens, 99) * 1000).toFixed(0)} µs; ${ratio(median(opens))} (same floor)`,
        },
      ],
    };
  },
};
