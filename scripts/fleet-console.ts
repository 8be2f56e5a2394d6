/**
 * `npm run fleet:console`: serves the built fleet console (dist/fleet, `npm run build:fleet`) on a
 * loopback port with a strict Content-Security-Policy. The page has no server of its own beyond
 * these static files: it talks only to the MQTT broker, over WebSocket (connect-src ws: wss:).
 *
 *   npm run fleet:console -- --port 8090        then open http://127.0.0.1:8090/?broker=ws://broker:9001
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export const FLEET_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

export interface FleetConsoleServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startFleetConsoleServer(options: { dir?: string; port?: number; host?: string } = {}): Promise<FleetConsoleServer> {
  const root = resolve(options.dir ?? fileURLToPath(new URL('../dist/fleet/', import.meta.url)));
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    const headers = { 'Content-Security-Policy': FLEET_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, headers).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    } catch {
      response.writeHead(400, headers).end();
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + '/') && file !== root) {
      response.writeHead(404, headers).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(request.method === 'HEAD' ? undefined : body),
      () => response.writeHead(404, headers).end(),
    );
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://${host}:${port}/`, port, close: () => new Promise((done) => server.close(() => done())) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const server = await startFleetConsoleServer({ port: Number(flag('port') ?? 8090), ...(flag('host') ? { host: flag('host')! } : {}) });
  console.log(`Fleet console at ${server.url} (add ?broker=ws://host:port for the broker's WebSocket listener)`);
}
