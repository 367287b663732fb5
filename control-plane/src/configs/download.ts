import type { Response } from 'express';
import { safeFileName } from '../exports';

/** A file an endpoint returns: the body plus what the browser needs to save it. */
export interface Download {
  readonly contentType: string;
  readonly fileName: string;
  readonly body: string | Buffer;
  /** `inline` for things shown in place (QR images), `attachment` for files to save. */
  readonly disposition?: 'inline' | 'attachment';
}

/**
 * `filename` holds only safe characters already; `filename*` repeats it RFC 5987-encoded
 * for clients that prefer it.
 */
export function contentDisposition(download: Pick<Download, 'fileName' | 'disposition'>): string {
  const name = safeFileName(download.fileName, 'config');
  return `${download.disposition ?? 'attachment'}; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Writes a download; used by controllers as `.then(send(res))`. */
export const send =
  (res: Response) =>
  (download: Download): void => {
    res.setHeader('Content-Type', download.contentType.startsWith('text/') || download.contentType.endsWith('+xml') ? `${download.contentType}; charset=utf-8` : download.contentType);
    res.setHeader('Content-Disposition', contentDisposition(download));
    // Configs can carry a private key: never cache them anywhere.
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).send(download.body);
  };
