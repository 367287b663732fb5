import { exportReadme } from './export-readme.renderer';

describe('exportReadme', () => {
  it('maps peers to their files in a table', () => {
    const text = exportReadme(
      'acme',
      [
        { peerName: 'hq-hub', peerType: 'hub', tunnelIp: '10.0.0.1', files: ['hq-hub/wg-wan-overlay.conf'] },
        { peerName: 'branch_a', peerType: 'mikrotik', tunnelIp: '10.0.0.2', files: ['branch_a/wg.conf', 'branch_a/wg.rsc'] },
        { peerName: 'agent-1', peerType: 'server', tunnelIp: '10.0.0.3', files: [] },
      ],
      { generatedAt: '2025-01-01T00:00:00.000Z' },
    );
    expect(text.startsWith('# WireGuard configurations for acme\n\nGenerated: 2025-01-01T00:00:00.000Z\n')).toBe(true);
    expect(text).toContain(
      [
        '| Peer | Type | Tunnel IP | Files |',
        '| --- | --- | --- | --- |',
        '| hq-hub | hub | 10.0.0.1 | `hq-hub/wg-wan-overlay.conf` |',
        '| branch_a | mikrotik | 10.0.0.2 | `branch_a/wg.conf`<br>`branch_a/wg.rsc` |',
        '| agent-1 | server | 10.0.0.3 | (none) |',
      ].join('\n'),
    );
    expect(text.endsWith('|\n')).toBe(true);
  });

  it('is the same text for the same input', () => {
    const entries = [{ peerName: 'a', peerType: 'client', tunnelIp: '10.0.0.9', files: ['a/wg.conf'] }];
    expect(exportReadme('w', entries)).toBe(exportReadme('w', entries));
    expect(exportReadme('w', entries)).not.toContain('Generated');
  });

  it('says so when there are no peers', () => {
    expect(exportReadme('empty', [])).toContain('This WAN has no peers yet.\n');
  });

  it.each([
    ['a new row', 'evil\n| x | y | z | w |'],
    ['a pipe', 'a | b'],
    ['HTML', '<img src=x onerror=alert(1)>'],
    ['a link', '[click](http://evil.example)'],
    ['a bidi override and NUL', 'safe\u202Eevil\u0000'],
    ['a Unicode line separator', 'a\u2028b'],
  ])('keeps a peer name with %s inside its cell', (_label, name) => {
    const text = exportReadme(name, [{ peerName: name, peerType: 'client', tunnelIp: '10.0.0.2', files: ['x/wg.conf'] }]);
    const rows = text.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(3);
    // Four cells: five unescaped pipes.
    expect(rows[2]!.match(/(?<!\\)\|/g)).toHaveLength(5);
    expect(text.replace(/\n/g, '')).not.toMatch(/<img|(?<!\\)\]\(|[\p{Cc}\u202e\u2028]/u);
  });

  it('cuts very long names', () => {
    const text = exportReadme('w', [{ peerName: 'n'.repeat(10_000), peerType: 'client', tunnelIp: '10.0.0.2', files: [] }]);
    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThan(300);
  });
});
