import { natsTlsOptions } from './nats-tls';

describe('NATS TLS options', () => {
  it.each([
    ['a pinned CA, whatever the scheme', ['nats://a:4222'], 'PEM', { ca: 'PEM' }],
    ['tls:// without a CA: the system store', ['nats://a:4222', 'TLS://b:4222'], null, {}],
    ['nats:// without a CA: the client default', ['nats://a:4222'], null, undefined],
    ['no servers, no CA', [], '', undefined],
  ])('%s', (_what, servers, ca, expected) => {
    expect(natsTlsOptions(servers, ca)).toEqual(expected);
  });
});
