/**
 * The duty desk's page and its WebSocket, served by the kiosk core on their own listener: loopback
 * for development, the kiosk's police-LAN address (https/wss, `services.help.desk.tls`) for the duty
 * room. Separate from the kiosk's own loopback API on purpose: another origin, another credential
 * (the officer's staff code and PIN, see desk-auth.ts), and nothing of the kiosk's API reachable here.
 *
 * - `Host` must name this listener (its address, `localhost` on loopback, or a configured name), and
 *   a WebSocket's `Origin` must be this page's origin: DNS rebinding and other sites are refused.
 * - The first message signs in or resumes; anything else before that closes the socket (4401). A
 *   socket that does not sign in within a minute is closed too.
 * - PIN checks (argon2id, 19 MiB each) run two at a time for the whole listener; a connection gets
 *   five failed sign-ins before it is closed. Malformed messages get an `error` answer; twenty close it.
 * - A ping every few seconds finds a desk whose network dropped: its call ends (`deskLeft`).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../contract/csp';
import { DESK_MAX_MESSAGE_BYTES, DESK_WS_PATH, DeskClientMessage, type DeskServerMessage } from '../../contract/help-desk';
import { parseJson } from '../../contract/rpc';
import { parseRequestTarget } from '../host/web-host';
import type { Logger } from '../log/logger';
import { rateLimited } from '../log/rate-limited';
import { isLoopbackHost, type HelpDeskConfig } from './config';
import type { DeskAuth, DeskSessionRecord } from './desk-auth';
import type { DeskPort, HelpDeskHub } from './hub';

export interface DeskHostOptions {
  config: HelpDeskConfig;
  hub: HelpDeskHub;
  auth: DeskAuth;
  /** The built desk page (dist/desk: index.html and assets/). */
  staticDir: string;
  log: Logger;
  /** Liveness ping interval (tests shorten it). */
  heartbeatMs?: number;
  /** How long a socket may stay without signing in. */
  signInWindowMs?: number;
}

export interface DeskHost {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const MAX_CONNECTIONS = 32;
const MAX_MALFORMED = 20;
const MAX_FAILED_SIGN_INS = 5;
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Concurrent argon2id checks for the whole listener (memory: 19 MiB each). */
const PIN_CHECKS_AT_ONCE = 2;

/** Runs at most `limit` tasks at once; the rest wait their turn. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  try {
    if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } finally {
    socket.destroy();
  }
}

type ConnectionState = { kind: 'anonymous' } | { kind: 'checking' } | { kind: 'signedIn'; session: DeskSessionRecord; port: DeskPort; expiry: NodeJS.Timeout };

export async function startDeskHost(options: DeskHostOptions): Promise<DeskHost> {
  const { config, hub, auth, log } = options;
  const noisy = rateLimited(log);
  const scheme = config.tls ? 'https' : 'http';
  const staticRoot = resolve(options.staticDir);
  const indexPath = join(staticRoot, 'index.html');
  const pinChecks = limiter(PIN_CHECKS_AT_ONCE);
  let port = config.port;

  const hostNames = (): string[] => {
    const address = config.host.includes(':') ? `[${config.host}]` : config.host;
    return [address, ...(isLoopbackHost(config.host) ? ['localhost'] : []), ...config.hostNames].map((name) => `${name}:${port}`.toLowerCase());
  };
  const ownHost = (header: string | undefined) => header !== undefined && hostNames().includes(header.trim().toLowerCase());
  const ownOrigin = (origin: string | undefined) => origin !== undefined && hostNames().some((host) => origin.toLowerCase() === `${scheme}://${host}`);

  const securityHeaders = (response: ServerResponse, host: string) => {
    const ws = `${config.tls ? 'wss' : 'ws'}://${host}`;
    response.setHeader('Content-Security-Policy', contentSecurityPolicy([ws]));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=()');
  };

  const serve = (request: IncomingMessage, response: ServerResponse): void => {
    const target = parseRequestTarget(request.url);
    if (!target) return void response.writeHead(400, { Connection: 'close' }).end();
    const host = request.headers.host;
    if (!ownHost(host)) {
      noisy('warn', 'desk-foreign-host');
      return void response.writeHead(421, { Connection: 'close' }).end();
    }
    securityHeaders(response, host!.trim().toLowerCase());
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    if (target.pathname === '/' || target.pathname === '/index.html') {
      if (!existsSync(indexPath)) {
        return void response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('the desk page is not built (npm run build:renderer)');
      }
      return void response.writeHead(200, { 'Content-Type': MIME['.html']!, 'Cache-Control': 'no-store' }).end(readFileSync(indexPath));
    }
    const file = normalize(join(staticRoot, target.decoded));
    const inAssets = file.startsWith(join(staticRoot, 'assets') + sep);
    if (inAssets && existsSync(file) && statSync(file).isFile()) {
      response.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=31536000, immutable' });
      createReadStream(file)
        .on('error', () => response.destroy())
        .pipe(response);
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
  };

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    try {
      serve(request, response);
    } catch (error) {
      noisy('error', 'desk-http-failed', { error: (error as Error)?.message ?? String(error) });
      if (!response.headersSent) response.writeHead(500, { Connection: 'close' }).end();
      else response.destroy();
    }
  };
  const server: Server = config.tls
    ? createHttpsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, handler)
    : createHttpServer({ maxHeaderSize: 16 * 1024 }, handler);
  server.on('clientError', (_error: Error, socket: Duplex) => refuse(socket, 400, 'Bad Request'));

  const wss = new WebSocketServer({ noServer: true, maxPayload: DESK_MAX_MESSAGE_BYTES });
  const alive = new WeakMap<WebSocket, boolean>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const target = parseRequestTarget(request.url);
      if (!target) return refuse(socket, 400, 'Bad Request');
      if (!ownHost(request.headers.host)) return refuse(socket, 421, 'Misdirected Request');
      if (target.pathname !== DESK_WS_PATH) return refuse(socket, 404, 'Not Found');
      if (!ownOrigin(request.headers.origin)) {
        noisy('warn', 'desk-ws-refused', { reason: 'origin' });
        return refuse(socket, 403, 'Forbidden');
      }
      if (wss.clients.size >= MAX_CONNECTIONS) return refuse(socket, 503, 'Service Unavailable');
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
    } catch (error) {
      noisy('error', 'desk-upgrade-failed', { error: (error as Error)?.message ?? String(error) });
      refuse(socket, 400, 'Bad Request');
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    let state: ConnectionState = { kind: 'anonymous' };
    let malformed = 0;
    let failedSignIns = 0;
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));

    const send = (message: DeskServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return void ws.terminate();
      ws.send(JSON.stringify(message));
    };
    const signInTimer = setTimeout(() => {
      if (state.kind !== 'signedIn') ws.close(4401, 'sign in first');
    }, options.signInWindowMs ?? 60_000);

    const leave = () => {
      if (state.kind !== 'signedIn') return;
      clearTimeout(state.expiry);
      state.port.detach();
      state = { kind: 'anonymous' };
    };
    const enter = (session: DeskSessionRecord) => {
      clearTimeout(signInTimer);
      const expiry = setTimeout(() => {
        auth.signOut(session.token, 'expired');
        leave();
        send({ type: 'signedOut', reason: 'expired' });
      }, Math.max(0, session.expiresAt.getTime() - Date.now()));
      expiry.unref?.();
      send({ type: 'signedIn', session: { token: session.token, staffId: session.staffId, alias: session.alias, expiresAt: session.expiresAt.toISOString() } });
      state = { kind: 'signedIn', session, port: hub.attachDesk({ staffId: session.staffId, alias: session.alias }, send), expiry };
    };

    const receive = (message: DeskClientMessage) => {
      switch (message.type) {
        case 'signIn': {
          if (state.kind === 'checking') return send({ type: 'refused', reason: 'signInPending', message: 'a sign-in is already being checked' });
          leave();
          state = { kind: 'checking' };
          void pinChecks(() => auth.signIn(message.staffId, message.pin)).then((result) => {
            if (ws.readyState !== ws.OPEN || state.kind !== 'checking') return;
            state = { kind: 'anonymous' };
            if (result.ok) return enter(result.value);
            const { reason, message: why, lockedUntil } = result.error;
            send({ type: 'refused', reason, message: why, ...(lockedUntil ? { lockedUntil } : {}) });
            if (++failedSignIns >= MAX_FAILED_SIGN_INS) ws.close(4429, 'too many failed sign-ins');
          });
          return;
        }
        case 'resume': {
          if (state.kind === 'checking') return send({ type: 'refused', reason: 'signInPending', message: 'a sign-in is already being checked' });
          const session = auth.resume(message.token);
          if (!session) return send({ type: 'refused', reason: 'sessionExpired', message: 'that desk session has ended; sign in again' });
          leave();
          return enter(session);
        }
        case 'signOut':
          if (state.kind === 'signedIn') auth.signOut(state.session.token);
          leave();
          return send({ type: 'signedOut', reason: 'signedOut' });
        default:
          if (state.kind !== 'signedIn') {
            send({ type: 'error', code: 'unauthorized', message: 'sign in first' });
            return ws.close(4401, 'sign in first');
          }
          state.port.receive(message);
      }
    };

    ws.on('message', (data, isBinary) => {
      const parsed = isBinary ? undefined : DeskClientMessage.safeParse(parseJson(data.toString()));
      if (!parsed?.success) {
        send({ type: 'error', code: 'badMessage', message: 'not a valid desk message' });
        if (++malformed >= MAX_MALFORMED) ws.close(1008, 'too many malformed messages');
        return;
      }
      try {
        receive(parsed.data);
      } catch (error) {
        noisy('error', 'desk-message-failed', { error: (error as Error)?.message ?? String(error) });
      }
    });
    ws.on('error', (error) => noisy('warn', 'desk-ws-error', { error: error.message }));
    ws.on('close', () => {
      clearTimeout(signInTimer);
      leave();
    });
  });

  // A desk whose network dropped without closing the socket is found by its missing pong.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 5_000);
  heartbeat.unref?.();

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  log.info('desk-listening', { url: `${scheme}://${shownHost}:${port}/` });

  return {
    url: `${scheme}://${shownHost}:${port}/`,
    port,
    async close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'signedOut', reason: 'coreStopping' } satisfies DeskServerMessage));
        ws.terminate();
      }
      await new Promise<void>((done) => wss.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
