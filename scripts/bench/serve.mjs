// Serves the build as a CDN would, so that the timed loads pay what a visitor's do: HTTP/2 over
// TLS (a throwaway self-signed certificate), every answer brotli-compressed (gzip for a client
// that takes no brotli). Each answer is compressed once and kept in memory: brotli 11 takes a
// second or two on the wasm, which must not land in a timed load. Pages are served as the tests
// serve them: without a billing API, the widget on its embedded catalog.
import { createSecureServer } from 'node:http2';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { CONTENT_TYPES, fileUnder, listenOnLoopback, requestPath, withoutApi } from '../../tests/e2e/support.mjs';
import { brotli, gzip } from './compress.mjs';

/** A key and certificate for 127.0.0.1, valid for a day. */
function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true });
  }
}

/** Serves `dir` at `url`; `addPage(path, html)` serves one more page, compressed at once. */
export async function serveCompressed(dir) {
  const pages = new Map();
  const cache = new Map();
  const answer = (path, encoding) => {
    const key = `${encoding} ${path}`;
    if (cache.has(key)) return cache.get(key);
    const file = fileUnder(dir, path);
    if (!file) return null;
    let body = pages.get(path) ?? (statSync(file, { throwIfNoEntry: false })?.isFile() ? readFileSync(file) : null);
    if (body === null) return null;
    if (extname(file) === '.html') body = withoutApi(path, body.toString('utf8'));
    cache.set(key, { type: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body: encoding === 'br' ? brotli(body) : gzip(body) });
    return cache.get(key);
  };
  // What the pages load, so that even the first load is served from memory.
  for (const path of ['/', ...readdirSync(dir).filter((f) => /\.(js|wasm|css)$/.test(f)).map((f) => `/${f}`)]) answer(path, 'br');
  const server = createSecureServer({ ...selfSignedCertificate(), allowHTTP1: true }, (req, res) => {
    const encoding = /\bbr\b/.test(req.headers['accept-encoding'] ?? '') ? 'br' : 'gzip';
    const found = answer(requestPath(req), encoding);
    if (!found) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': found.type, 'content-encoding': encoding, 'cache-control': 'no-store' }).end(found.body);
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    url: `https://127.0.0.1:${port}/`,
    addPage: (path, html) => {
      pages.set(path, html);
      answer(path, 'br');
    },
    close,
  };
}
