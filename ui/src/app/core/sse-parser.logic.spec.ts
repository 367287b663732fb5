import { SseParser } from './sse-parser.logic';

describe('SseParser', () => {
  it('parses events split across chunks and skips heartbeats', () => {
    const parser = new SseParser();
    expect(parser.push(': connected\nretry: 5000\n\nevent: job.progress\nda')).toEqual([]);
    expect(parser.push('ta: {"jobId":"j1","progressPercent":40}\n\n: heartbeat\n\n')).toEqual([
      { event: 'job.progress', data: '{"jobId":"j1","progressPercent":40}' },
    ]);
  });

  it('joins multi-line data and defaults the event name', () => {
    expect(new SseParser().push('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('accepts CRLF line endings', () => {
    expect(new SseParser().push('event: x\r\ndata: 1\r\n\r\n')).toEqual([{ event: 'x', data: '1' }]);
  });
});
