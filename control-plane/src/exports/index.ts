export { configQrPng, configQrSvg, QR_ERROR_CORRECTION, QR_MAX_BYTES, type QrOptions } from './config-qr';
export { MAX_FILE_NAME_LENGTH, safeFileName, uniqueSafeFileNames, validateArchivePath } from './export-paths.util';
export { exportReadme, type ExportReadmeEntry, type ExportReadmeOptions } from './export-readme.renderer';
export { buildExportZip, README_PATH, type ExportFile } from './export-zip.builder';
