/**
 * Web mode: the built renderer and the core's API on one loopback HTTP server.
 *
 * - Binds 127.0.0.1 only; a connection from any other address is refused as well (defence in depth).
 * - A random token is made per start and handed to the page inside index.html; a WebSocket upgrade
 *   without it, with a foreign Origin, or on another path gets a bare 401/403 and is closed.
 * - Every inbound message goes to the core's dispatcher, which validates it; nothing a client sends
 *   can crash the host.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../contract/csp';
import { MAX_MESSAGE_BYTES, parseJson, type ServerMessage } from '../../contract/rpc';
import type { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../log/logger';

export const WS_PATH = '/api';
export const TOKEN_META = 'kiosk-ws-token';

export interface WebHostOptions {
  core: KioskCore;
  /** Folder with the built renderer (index.html + assets). */
  staticDir: string;
  port: number;
  log: Logger;
  /** Extra HTTP routes (e.g. the development dock's printer images) tried before static files. */
  extraRoutes?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /** Injected for tests; random per start otherwise. */
  token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
};

/** True for 127.0.0.0/8 and ::1, including IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** The renderer's CSP for web mode: its API is the loopback WebSocket on this port. */
export function webContentSecurityPolicy(port: number): string {
  return contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}

function tokensMatch(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(socket: Duplex, status: 401 | 403 | 404): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, log } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const staticRoot = resolve(options.staticDir);
  const indexPath = join(staticRoot, 'index.html');
  if (!existsSync(indexPath)) {
    throw new Error(`The renderer is not built: ${indexPath} is missing (run "npm run build:renderer").`);
  }
  // The token goes into the page as a meta tag: no inline script, so the CSP can stay strict.
  const indexHtml = readFileSync(indexPath, 'utf8').replace(
    '</head>',
    `  <meta name="${TOKEN_META}" content="${token}">\n  </head>`,
  );
  let port = options.port;

  const securityHeaders = (response: ServerResponse) => {
    response.setHeader('Content-Security-Policy', webContentSecurityPolicy(port));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  };

  const server = createServer((request, response) => {
    if (!isLoopbackAddress(request.socket.remoteAddress)) {
      request.socket.destroy();
      return;
    }
    securityHeaders(response);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/healthz') {
      const status = core.status();
      const body = JSON.stringify({ ok: status.state === 'ready', core: status, uptimeSeconds: Math.round(process.uptime()) });
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);
      return;
    }
    if (options.extraRoutes?.(request, response)) return;

    const file = normalize(join(staticRoot, decodeURIComponent(url.pathname)));
    const inside = file === staticRoot || file.startsWith(staticRoot + sep);
    if (inside && file !== staticRoot && file !== indexPath && existsSync(file) && statSync(file).isFile()) {
      response.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      createReadStream(file).pipe(response);
      return;
    }
    if (extname(url.pathname) && url.pathname !== '/index.html') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    // Everything else is a route of the single-page app.
    response.writeHead(200, { 'Content-Type': MIME['.html']!, 'Cache-Control': 'no-store' }).end(indexHtml);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();
  const send = (socket: WebSocket, message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!isLoopbackAddress(request.socket.remoteAddress)) return void socket.destroy();
    if (url.pathname !== WS_PATH) return refuse(socket, 404);
    const origin = request.headers.origin;
    const allowedOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (!origin || !allowedOrigins.includes(origin)) {
      log.warn('ws-refused', { reason: 'origin' });
      return refuse(socket, 403);
    }
    if (!tokensMatch(url.searchParams.get('token'), token)) {
      log.warn('ws-refused', { reason: 'token' });
      return refuse(socket, 401);
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', (error) => log.warn('ws-error', { error: error.message }));
    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? undefined : parseJson(data.toString());
      void core.dispatch(raw, { via: 'websocket' }).then((response) => send(ws, response));
    });
    if (core.status().state === 'ready') send(ws, { type: 'event', name: 'core.state', payload: { state: 'ready' } });
  });

  const offEvents = core.onEvent((name, payload) => {
    for (const ws of clients) send(ws, { type: 'event', name, payload });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    async close() {
      offEvents();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
