import { execFileSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import * as QRCode from 'qrcode';
import { configQrPng, configQrSvg, QR_MAX_BYTES } from './config-qr';

const CONFIG = [
  '[Interface]',
  'PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=',
  'Address = 10.0.0.3/32',
  'DNS = 10.0.5.53',
  '',
  '[Peer]',
  'PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
  'Endpoint = vpn.example.net:51820',
  'AllowedIPs = 10.0.0.0/24, 10.0.5.0/24',
  'PersistentKeepalive = 25',
  '',
].join('\n');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which a valid PNG has right after the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('configQrPng', () => {
  it('draws a square PNG with 8 pixels per module and the quiet zone', async () => {
    const png = await configQrPng(CONFIG);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const { width, height } = pngSize(png);
    expect(width).toBe(height);
    // (version * 4 + 17 modules + 2 * 4 quiet) * 8 px: some QR version from 1 to 40.
    const modules = width / 8 - 8;
    expect(Number.isInteger((modules - 17) / 4)).toBe(true);
    expect((modules - 17) / 4).toBeGreaterThanOrEqual(1);
  });

  it('honours a requested scale', async () => {
    const small = pngSize(await configQrPng(CONFIG, { scale: 2 })).width;
    expect(pngSize(await configQrPng(CONFIG, { scale: 4 })).width).toBe(small * 2);
    await expect(configQrPng(CONFIG, { scale: 0 })).rejects.toThrow(RangeError);
  });

  it('is the same image for the same text', async () => {
    expect((await configQrPng(CONFIG)).equals(await configQrPng(CONFIG))).toBe(true);
  });

  it('passes an independent PNG check: chunk CRCs, IHDR, inflated scanlines (python)', async () => {
    const png = await configQrPng(CONFIG, { scale: 3 });
    const script = [
      'import sys, struct, zlib',
      'd = sys.stdin.buffer.read(); assert d[:8] == bytes([137,80,78,71,13,10,26,10]); i = 8; chunks = []',
      'while i < len(d):',
      '    n, = struct.unpack(">I", d[i:i+4]); t = d[i+4:i+8]; body = d[i+8:i+8+n]',
      '    assert struct.unpack(">I", d[i+8+n:i+12+n])[0] == zlib.crc32(t + body), t',
      '    chunks.append((t.decode(), body)); i += 12 + n',
      'w, h, depth, color = struct.unpack(">IIBB", chunks[0][1][:10]); raw = zlib.decompress(b"".join(b for t, b in chunks if t == "IDAT"))',
      'assert [t for t, _ in chunks] == ["IHDR", "IDAT", "IEND"] and len(raw) == h * (1 + (w + 7) // 8)',
      'print(w, h, depth, color)',
    ].join('\n');
    const { width, height } = pngSize(png);
    expect(execFileSync('python3', ['-c', script], { input: png, encoding: 'utf8' }).trim()).toBe(`${width} ${height} 1 0`);
  });

  it('draws exactly the modules of the QR symbol, in a white quiet zone', async () => {
    const scale = 2;
    const png = await configQrPng(CONFIG, { scale });
    const { width } = pngSize(png);
    const raw = inflateSync(png.subarray(8 + 25 + 8, png.length - 12 - 4));
    const rowBytes = Math.ceil(width / 8) + 1;
    const dark = (x: number, y: number) => ((raw[y * rowBytes + 1 + (x >> 3)]! >> (7 - (x & 7))) & 1) === 0;
    const { modules } = QRCode.create(CONFIG, { errorCorrectionLevel: 'L' });
    expect(width).toBe((modules.size + 8) * scale);
    for (let y = 0; y < width; y++) {
      expect(raw[y * rowBytes]).toBe(0);
      for (let x = 0; x < width; x++) {
        const row = Math.floor(y / scale) - 4;
        const column = Math.floor(x / scale) - 4;
        const inside = row >= 0 && column >= 0 && row < modules.size && column < modules.size;
        if (dark(x, y) !== (inside && modules.get(row, column) === 1)) throw new Error(`pixel ${x},${y} is wrong`);
      }
    }
  });

  it.each([
    ['empty text', ''],
    ['text past the largest QR code', 'x'.repeat(QR_MAX_BYTES + 1)],
    ['multi-byte text past the limit in bytes', 'é'.repeat(Math.ceil(QR_MAX_BYTES / 2) + 1)],
  ])('refuses %s with a clear error', async (_label, text) => {
    await expect(configQrPng(text)).rejects.toMatchObject({ code: 'EXPORT.QR_TOO_LONG' });
    await expect(configQrSvg(text)).rejects.toMatchObject({ code: 'EXPORT.QR_TOO_LONG' });
  });

  it('says what to do instead', async () => {
    await expect(configQrPng('x'.repeat(5000))).rejects.toThrow(/5000 bytes; a QR code holds at most 2953\. Download the \.conf file instead/);
  });

  it('encodes the largest text a QR code can hold', async () => {
    expect(pngSize(await configQrPng('x'.repeat(QR_MAX_BYTES))).width).toBe((177 + 8) * 8);
  }, 30_000);
});

describe('configQrSvg', () => {
  it('is a well-formed SVG document', async () => {
    const svg = await configQrSvg(CONFIG);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const parsed = execFileSync('python3', ['-c', 'import sys, xml.etree.ElementTree as ET; r = ET.fromstring(sys.stdin.read()); print(r.tag)'], {
      input: svg,
      encoding: 'utf8',
    });
    expect(parsed.trim()).toBe('{http://www.w3.org/2000/svg}svg');
    // The config is drawn, never embedded as text.
    expect(svg).not.toContain('PrivateKey');
  });
});
