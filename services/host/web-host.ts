/**
 * Web mode: the built renderer and the core's API on one loopback HTTP server.
 *
 * - Binds 127.0.0.1 only; a connection from any other address is refused as well (defence in depth).
 * - A random token is made per start and handed to the page inside index.html; a WebSocket upgrade
 *   without it, with a foreign Origin, or on another path gets a bare 401/403 and is closed.
 * - Every inbound message goes to the core's dispatcher, which validates it; nothing a client sends
 *   can crash the host: a request line, path, header or upgrade that cannot be parsed gets a 400, a
 *   `Host` that is not this kiosk's loopback address and port gets a 421 (DNS rebinding), and a
 *   failure inside one handler answers 500 to that request alone.
 * - Each WebSocket connection is its own caller: a resident's session belongs to the connection that
 *   started it. A client that stops reading is closed before its send buffer grows past a bound.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../contract/csp';
import { MAX_MESSAGE_BYTES, parseJson, type ServerMessage } from '../../contract/rpc';
import type { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../log/logger';
import { rateLimited } from '../log/rate-limited';

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

const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request', 431: 'Request Header Fields Too Large' } as const;

/** Answers on a raw socket (upgrades and unparsable requests) and closes it. Never throws. */
function refuse(socket: Duplex, status: keyof typeof STATUS_TEXT): void {
  try {
    if (socket.writable) socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } finally {
    socket.destroy();
  }
}

/** Bytes a WebSocket client may leave unread before it is closed (a page reads far faster). */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * The path of an origin-form request target (`/a/b?c`), percent-decoded; undefined for anything
 * else (absolute or authority form, bad percent-encoding, a NUL byte). Never throws.
 */
export function parseRequestTarget(target: string | undefined): { pathname: string; decoded: string; searchParams: URLSearchParams } | undefined {
  if (!target || !target.startsWith('/')) return undefined;
  let url: URL;
  try {
    // Prefixing the origin keeps `//host`-looking paths as paths instead of protocol-relative URLs.
    url = new URL(`http://127.0.0.1${target}`);
  } catch {
    return undefined;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  return { pathname: url.pathname, decoded, searchParams: url.searchParams };
}

/** True when the `Host` header names this kiosk's loopback listener (DNS-rebinding defence). */
export function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.trim().toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, log } = options;
  const noisy = rateLimited(log);
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

  const serve = (request: IncomingMessage, response: ServerResponse): void => {
    if (!isLoopbackAddress(request.socket.remoteAddress)) {
      request.socket.destroy();
      return;
    }
    const target = parseRequestTarget(request.url);
    if (!target) {
      noisy('warn', 'http-bad-target', { method: request.method?.slice(0, 16) });
      response.writeHead(400, { Connection: 'close' }).end();
      return;
    }
    if (!isOwnHost(request.headers.host, port)) {
      noisy('warn', 'http-foreign-host');
      response.writeHead(421, { Connection: 'close' }).end();
      return;
    }
    securityHeaders(response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (target.pathname === '/healthz') {
      const status = core.status();
      const body = JSON.stringify({ ok: status.state === 'ready' && status.servicesReady, core: status, uptimeSeconds: Math.round(process.uptime()) });
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);
      return;
    }
    if (options.extraRoutes?.(request, response)) return;

    const file = normalize(join(staticRoot, target.decoded));
    const inside = file === staticRoot || file.startsWith(staticRoot + sep);
    if (inside && file !== staticRoot && file !== indexPath && existsSync(file) && statSync(file).isFile()) {
      response.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': target.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      createReadStream(file)
        .on('error', () => response.destroy())
        .pipe(response);
      return;
    }
    if (extname(target.pathname) && target.pathname !== '/index.html') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    // Everything else is a route of the single-page app.
    response.writeHead(200, { 'Content-Type': MIME['.html']!, 'Cache-Control': 'no-store' }).end(indexHtml);
  };

  const server = createServer({ maxHeaderSize: 16 * 1024 }, (request, response) => {
    try {
      serve(request, response);
    } catch (error) {
      noisy('error', 'http-handler-failed', { error: (error as Error)?.message ?? String(error) });
      if (!response.headersSent) response.writeHead(500, { Connection: 'close' }).end();
      else response.destroy();
    }
  });
  // Node's parser gives up on a malformed request line or header: answer 400 (431 for oversized headers).
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    noisy('warn', 'http-client-error', { code: error.code });
    refuse(socket, error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Map<WebSocket, string>();
  const send = (socket: WebSocket, message: ServerMessage) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      noisy('warn', 'ws-client-not-reading', { buffered: socket.bufferedAmount });
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(message));
  };

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!isLoopbackAddress(request.socket.remoteAddress)) return void socket.destroy();
    const target = parseRequestTarget(request.url);
    if (!target) return refuse(socket, 400);
    if (!isOwnHost(request.headers.host, port)) return refuse(socket, 421);
    if (target.pathname !== WS_PATH) return refuse(socket, 404);
    const origin = request.headers.origin;
    const allowedOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (!origin || !allowedOrigins.includes(origin)) {
      noisy('warn', 'ws-refused', { reason: 'origin' });
      return refuse(socket, 403);
    }
    if (!tokensMatch(target.searchParams.get('token'), token)) {
      noisy('warn', 'ws-refused', { reason: 'token' });
      return refuse(socket, 401);
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
  };
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      upgrade(request, socket, head);
    } catch (error) {
      noisy('error', 'ws-upgrade-failed', { error: (error as Error)?.message ?? String(error) });
      refuse(socket, 400);
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    const connectionId = randomUUID();
    clients.set(ws, connectionId);
    ws.on('close', () => {
      clients.delete(ws);
      core.disconnect(connectionId);
    });
    ws.on('error', (error) => noisy('warn', 'ws-error', { error: error.message }));
    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? undefined : parseJson(data.toString());
      void core.dispatch(raw, { via: 'websocket', connectionId }).then((response) => send(ws, response));
    });
    if (core.status().state === 'ready') send(ws, { type: 'event', name: 'core.state', payload: { state: 'ready' } });
  });

  const offEvents = core.onEvent((name, payload, audience) => {
    for (const [ws, connectionId] of clients) if (audience === undefined || audience === connectionId) send(ws, { type: 'event', name, payload });
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
      for (const ws of clients.keys()) ws.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
