import { isOwnReply } from '@wom/contracts';
import { ReplyRefusals } from './reply-refusals';

describe('replies only into the asking agent’s inbox', () => {
  const A = '0b8f7e6d-5c4b-4a39-8281-7f6e5d4c3b2a';
  const B = '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d';

  it.each([
    [`_INBOX.${A}.x7Hk2`, true],
    [`_INBOX.${A}.x7Hk2.3`, true],
    [`_INBOX.${B}.x7Hk2`, false],
    [`_INBOX.${A}`, false],
    [`_INBOX.${A}x.y`, false],
    [`wom.agent.${B}.notify`, false],
    [`wom.agent.${A}.notify`, false],
    [`_INBOX.${A}.>`, false],
    [`_INBOX.${A}.*`, false],
    [undefined, false],
  ])('%s → %s', (reply, expected) => {
    expect(isOwnReply(A, reply)).toBe(expected);
  });

  it('logs a refusal at most once a minute per agent, with the count since', () => {
    const lines: string[] = [];
    let now = 0;
    const refusals = new ReplyRefusals({ warn: (line) => lines.push(line) }, () => now);
    refusals.note(A, `wom.agent.${B}.notify`);
    refusals.note(A, `wom.agent.${B}.notify`);
    refusals.note(B, undefined);
    now = 61_000;
    refusals.note(A, `_INBOX.${B}.1`);
    expect(lines).toEqual([
      `agent ${A} sent a request with reply subject "wom.agent.${B}.notify", outside its own inbox; not answered (1 such request(s) since the last warning)`,
      `agent ${B} sent a request with no reply subject, outside its own inbox; not answered (1 such request(s) since the last warning)`,
      `agent ${A} sent a request with reply subject "_INBOX.${B}.1", outside its own inbox; not answered (2 such request(s) since the last warning)`,
    ]);
  });
});
