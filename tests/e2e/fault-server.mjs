// A misbehaving static host for the end-to-end tests, run inside the test process: it serves the
// root build by proxying the nginx test server (so it ships the same files and security headers)
// and lets a test replace the answer for one path with a fault that page.route cannot fake:
// a response that stalls after its headers, a slow drip, a redirect loop.
//
// Port: $E2E_FAULT_PORT, else the nginx test port + 12 (18092 by default, 18412 with
// E2E_PORT_BASE=18400). Bound to 127.0.0.1 only.

import http from 'node:http';
import { BASE_URL } from './helpers.mjs';

const upstream = new URL(BASE_URL);
const port = Number(process.env.E2E_FAULT_PORT || Number(upstream.port || 80) + 12);

/** The fault server's base URL. */
export const FAULT_URL = `http://127.0.0.1:${port}/`;

const HEADERS_KEPT = ['content-type', 'content-security-policy', 'x-content-type-options', 'cache-control'];

/**
 * Starts the server. `faults` maps a path (e.g. `/data/notices/x.json`) to a handler
 * `(req, res) => void` that answers instead of the upstream; tests change it between steps.
 * Returns { faults, hits, close }; hits counts requests per path.
 */
export async function startFaultServer() {
  const faults = new Map();
  const hits = new Map();
  const open = new Set();
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, FAULT_URL).pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const fault = faults.get(path);
    if (fault) return fault(req, res);
    try {
      const answer = await fetch(new URL(req.url, upstream), { redirect: 'manual' });
      const headers = {};
      for (const name of HEADERS_KEPT) {
        const value = answer.headers.get(name);
        if (value) headers[name] = value;
      }
      res.writeHead(answer.status, headers);
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (e) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    faults,
    hits,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A handler that sends 200 and JSON headers, then part of `body`, then nothing ever again. */
export function stallAfterHeaders(body) {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.write(body.slice(0, Math.floor(body.length / 3)));
  };
}

/** A handler that sends `body` in `chunks` pieces, `every` ms apart. */
export function slowDrip(body, { chunks = 20, every = 100 } = {}) {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    const buf = Buffer.from(body);
    const size = Math.ceil(buf.length / chunks);
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(buf.subarray(at, at + size));
      at += size;
      if (at >= buf.length) {
        clearInterval(timer);
        res.end();
      }
    }, every);
    req.on('close', () => clearInterval(timer));
  };
}

/** A handler that redirects the path to itself forever. */
export function redirectLoop() {
  return (req, res) => {
    res.writeHead(302, { location: req.url, 'cache-control': 'no-store' });
    res.end();
  };
}
