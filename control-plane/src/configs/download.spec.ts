import { contentDisposition } from './download';

describe('contentDisposition', () => {
  it.each([
    ['alice laptop-wg0.conf', 'attachment; filename="alice-laptop-wg0.conf"; filename*=UTF-8\'\'alice-laptop-wg0.conf'],
    ['../../etc/passwd', 'attachment; filename="etc-passwd"; filename*=UTF-8\'\'etc-passwd'],
    ['a"b\r\nSet-Cookie: x.zip', 'attachment; filename="a-b-Set-Cookie-x.zip"; filename*=UTF-8\'\'a-b-Set-Cookie-x.zip'],
  ])('makes %p safe', (fileName, expected) => {
    expect(contentDisposition({ fileName })).toBe(expected);
  });

  it('marks inline content', () => {
    expect(contentDisposition({ fileName: 'qr.png', disposition: 'inline' })).toMatch(/^inline; filename="qr.png"/);
  });
});
