import { request as httpRequest, type IncomingMessage } from 'node:http';

/** Opens the SSE stream with a raw request and resolves once `predicate` matches the text read so far. */
export function readStream(port: number, path: string, predicate: (text: string) => boolean, timeoutMs = 5_000): { ready: Promise<IncomingMessage>; done: Promise<string>; close(): void } {
  let response: IncomingMessage | undefined;
  let text = '';
  const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream' } });
  const ready = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', (res) => {
      response = res;
      resolve(res);
    });
    req.on('error', reject);
  });
  const done = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; stream so far:\n${text}`)), timeoutMs);
    void ready.then((res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (predicate(text)) {
          clearTimeout(timer);
          resolve(text);
        }
      });
    });
  });
  req.end();
  return { ready, done, close: () => (response ? response.destroy() : req.destroy()) };
}
