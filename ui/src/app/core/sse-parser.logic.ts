/** One server-sent event: its `event:` name (default `message`) and the joined `data:` lines. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
}

/**
 * Incremental SSE parser (the WHATWG event-stream format): feed it chunks of text as they
 * arrive and it returns the complete events. Comments (heartbeats) and `retry:` are skipped.
 * We parse ourselves because EventSource cannot send an Authorization header.
 *
 * Example: `push('event: a\ndata: {"x":1}\n\n')` → `[{event: 'a', data: '{"x":1}'}]`.
 */
export class SseParser {
  private buffer = '';

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const messages: SseMessage[] = [];
    let boundary: RegExpExecArray | null;
    const separator = /\r\n\r\n|\n\n|\r\r/;
    while ((boundary = separator.exec(this.buffer)) !== null) {
      const block = this.buffer.slice(0, boundary.index);
      this.buffer = this.buffer.slice(boundary.index + boundary[0].length);
      const message = parseBlock(block);
      if (message) messages.push(message);
    }
    return messages;
  }
}

function parseBlock(block: string): SseMessage | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') event = value;
    else if (name === 'data') data.push(value);
  }
  return data.length > 0 ? { event, data: data.join('\n') } : null;
}
