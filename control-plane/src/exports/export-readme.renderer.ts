export interface ExportReadmeEntry {
  readonly peerName: string;
  readonly peerType: string;
  readonly tunnelIp: string;
  /** Paths inside the archive, as given to buildExportZip. */
  readonly files: readonly string[];
}

export interface ExportReadmeOptions {
  /** Printed under the title; a parameter so the README is a pure function of its input. */
  readonly generatedAt?: string;
}

const MAX_CELL_LENGTH = 120;

/**
 * The README.md at the root of a WAN export: what the archive is, how to use a file, and a
 * table mapping each peer (in the given order) to its files. Names are user text, so each
 * cell is made inert: line breaks and controls become spaces, and Markdown and HTML
 * characters are escaped, so a peer name cannot add rows, links or markup.
 */
export function exportReadme(wanName: string, entries: readonly ExportReadmeEntry[], options: ExportReadmeOptions = {}): string {
  const lines = [`# WireGuard configurations for ${cell(wanName)}`, ''];
  if (options.generatedAt !== undefined) lines.push(`Generated: ${cell(options.generatedAt)}`, '');
  lines.push(
    'One folder per peer. Files holding a private key are readable by their owner only; keep them that way.',
    '',
    '- Linux, macOS: copy the `.conf` file to `/etc/wireguard/` and run `wg-quick up <name>` (the file name is the interface name).',
    '- Windows, Android, iOS: import the `.conf` file in the WireGuard app.',
    '- MikroTik: paste the `.rsc` script into a terminal, or run `/import file-name=<file>.rsc`.',
    '',
  );
  if (entries.length === 0) {
    lines.push('This WAN has no peers yet.');
  } else {
    lines.push('| Peer | Type | Tunnel IP | Files |', '| --- | --- | --- | --- |');
    for (const entry of entries) {
      const files = entry.files.length === 0 ? '(none)' : entry.files.map((file) => `\`${file.replace(/[`\r\n|]/g, '')}\``).join('<br>');
      lines.push(`| ${cell(entry.peerName)} | ${cell(entry.peerType)} | ${cell(entry.tunnelIp)} | ${files} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One table cell of user text: a single line, Markdown and HTML escaped, length capped. */
function cell(text: string): string {
  const oneLine = Array.from(text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ').trim());
  const cut = oneLine.length > MAX_CELL_LENGTH ? `${oneLine.slice(0, MAX_CELL_LENGTH - 3).join('')}...` : oneLine.join('');
  // Only what is live inside a GFM table cell; `_` is kept, as GFM ignores it inside words.
  return cut.replace(/[\\`*[\]<>|~&]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : char === '&' ? '&amp;' : `\\${char}`)) || '(unnamed)';
}
