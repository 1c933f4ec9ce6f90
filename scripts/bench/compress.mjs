// Compression as a CDN serves it, at the highest levels (a static file is compressed once):
// brotli at quality 11 and gzip at level 9. The served pages and the size table both use it,
// so the bytes in the table are the bytes on the wire.
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

export const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
export const gzip = (bytes) => gzipSync(bytes, { level: 9 });
