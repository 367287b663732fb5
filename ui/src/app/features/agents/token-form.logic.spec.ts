import { emptyTokenDraft, subnetList, tagList, tokenCreates, toTokenRequest, validateTokenDraft, type TokenDraft } from './token-form.logic';

const draft = (patch: Partial<TokenDraft>): TokenDraft => ({ ...emptyTokenDraft(), ...patch });

describe('subnetList and tagList', () => {
  it('splits what people type, dropping blanks and repeats', () => {
    expect(subnetList(' 192.168.1.0/24\n\n192.168.2.0/24, 192.168.1.0/24 ')).toEqual(['192.168.1.0/24', '192.168.2.0/24']);
    expect(tagList('eu, office,,eu ')).toEqual(['eu', 'office']);
  });
});

describe('validateTokenDraft', () => {
  it('accepts the defaults', () => {
    expect(validateTokenDraft(emptyTokenDraft())).toEqual({});
  });

  it('names each bad field as the API does', () => {
    expect(validateTokenDraft(draft({ maxUses: '0', tags: 'ok, <b>', subnets: '192.168.1.0/33' }))).toEqual({
      maxUses: expect.stringContaining('1 to 10000'),
      'tags[1]': expect.any(String),
      'subnets[0].cidr': expect.any(String),
      subnets: expect.stringContaining('single-use'),
    });
    expect(Object.keys(validateTokenDraft(draft({ maxUses: '2.5' })))).toEqual(['maxUses']);
    expect(Object.keys(validateTokenDraft(draft({ maxUses: '10001' })))).toEqual(['maxUses']);
  });

  it('allows subnets on a single-use token only', () => {
    expect(validateTokenDraft(draft({ subnets: '192.168.1.0/24', maxUses: '1' }))).toEqual({});
    expect(Object.keys(validateTokenDraft(draft({ subnets: '192.168.1.0/24', maxUses: '5' })))).toEqual(['subnets']);
    expect(validateTokenDraft(draft({ maxUses: '5' }))).toEqual({});
  });
});

describe('toTokenRequest', () => {
  it('sends only what was filled in, leaving the rest to the API', () => {
    expect(toTokenRequest(emptyTokenDraft(), 'w1')).toEqual({ wanId: 'w1', maxUses: 1, expiresInSeconds: 86_400, requiresApproval: false });
  });

  it('sends every field of a template token', () => {
    const body = toTokenRequest(
      draft({ name: ' lyon ', peerType: 'generic-router', nameTemplate: 'ly-{hostname}', tags: 'fr, office', templateId: 'site-router', subnets: '192.168.1.0/24\n192.168.2.0/24', expiresInSeconds: 3600, requiresApproval: true }),
      'w1',
    );
    expect(body).toEqual({
      wanId: 'w1', name: 'lyon', peerType: 'generic-router', nameTemplate: 'ly-{hostname}', tags: ['fr', 'office'], templateId: 'site-router',
      subnets: [{ cidr: '192.168.1.0/24' }, { cidr: '192.168.2.0/24' }], maxUses: 1, expiresInSeconds: 3600, requiresApproval: true,
    });
  });
});

describe('tokenCreates', () => {
  it('describes the peer a token makes, or that it binds one', () => {
    expect(tokenCreates({ peerId: null, nameTemplate: 'br-{hostname}', templateId: 'site-router', subnets: [{ cidr: '192.168.1.0/24' }] })).toBe('br-{hostname} · site-router · 192.168.1.0/24');
    expect(tokenCreates({ peerId: null, nameTemplate: '{hostname}', templateId: null, subnets: [] })).toBe('{hostname}');
    expect(tokenCreates({ peerId: 'p1', nameTemplate: '{hostname}', templateId: null, subnets: [] })).toBe('an existing peer');
  });
});
