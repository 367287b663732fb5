import { DomainError } from '@wom/domain';
import { promisify } from 'node:util';
import { crc32, deflate } from 'node:zlib';
import * as QRCode from 'qrcode';

/**
 * Error correction L (7 %). The code is scanned off a screen by the WireGuard mobile app,
 * where nothing smudges it, and L packs the most data per module: a typical config fits a
 * smaller, easier-to-scan symbol. It is also what `qrencode`, used in WireGuard's own docs,
 * defaults to.
 */
export const QR_ERROR_CORRECTION = 'L';
/** Byte-mode capacity of the largest QR code (version 40) at level L. */
export const QR_MAX_BYTES = 2953;
/** The 4-module quiet zone the QR standard requires around the symbol. */
const QR_MARGIN = 4;

export interface QrOptions {
  /** Pixels per module, 1 to 32; default 8 (a typical config then draws about 500 px wide). */
  readonly scale?: number;
}

/**
 * A PNG of `text` (a wg-quick config) as a QR code for the WireGuard mobile app (spec §5.6).
 * qrcode computes the symbol; the PNG is written here as 1-bit greyscale with zlib's
 * asynchronous deflate, because qrcode's pure-JS PNG writer blocks the event loop for
 * 100-300 ms per image. The output is a pure function of text and scale.
 */
export async function configQrPng(text: string, options: QrOptions = {}): Promise<Buffer> {
  checkLength(text);
  const scale = options.scale ?? 8;
  if (!Number.isInteger(scale) || scale < 1 || scale > 32) throw new RangeError(`QR scale must be a whole number from 1 to 32; got ${scale}`);
  let symbol: QRCode.QRCode;
  try {
    symbol = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  } catch (error) {
    rethrowTooLong(error);
  }
  return encodePng(symbol.modules, scale);
}

/** The same QR code as an SVG document, which scales without blur. */
export async function configQrSvg(text: string): Promise<string> {
  checkLength(text);
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: QR_ERROR_CORRECTION, margin: QR_MARGIN }).catch(rethrowTooLong);
}

function checkLength(text: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes === 0) throw new DomainError('EXPORT.QR_TOO_LONG', 'There is no configuration to put into a QR code.', { bytes });
  if (bytes > QR_MAX_BYTES) throw tooLong(bytes);
}

function tooLong(bytes: number): DomainError {
  return new DomainError(
    'EXPORT.QR_TOO_LONG',
    `This configuration is ${bytes} bytes; a QR code holds at most ${QR_MAX_BYTES}. ` +
      'Download the .conf file instead, or import it through the app’s "Create from file".',
    { bytes, maxBytes: QR_MAX_BYTES },
  );
}

/** qrcode counts in its own segment modes, so it may still refuse text just under our limit. */
function rethrowTooLong(error: unknown): never {
  if (error instanceof Error && /too big/i.test(error.message)) throw tooLong(Number.NaN);
  throw error;
}

const deflateAsync = promisify(deflate);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Dark modules black, light modules and the quiet zone white, `scale` pixels per module. */
async function encodePng(modules: QRCode.BitMatrix, scale: number): Promise<Buffer> {
  const side = (modules.size + 2 * QR_MARGIN) * scale;
  const rowBytes = Math.ceil(side / 8);
  // Each scanline: filter type 0, then 1 bit per pixel (1 = white). Start all white.
  const raw = Buffer.alloc((rowBytes + 1) * side, 0xff);
  for (let y = 0; y < side; y++) {
    const offset = y * (rowBytes + 1);
    raw[offset] = 0;
    const row = Math.floor(y / scale) - QR_MARGIN;
    if (row < 0 || row >= modules.size) continue;
    for (let x = 0; x < side; x++) {
      const column = Math.floor(x / scale) - QR_MARGIN;
      if (column >= 0 && column < modules.size && modules.get(row, column)) {
        raw[offset + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', await deflateAsync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
