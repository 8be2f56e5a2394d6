import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { developmentConfig } from '../config/load';
import { createKioskCore, type KioskCore } from '../core/kiosk-core';
import { createMemoryLogger } from '../log/logger';
import { isLoopbackAddress, startWebHost, webContentSecurityPolicy, type WebHost } from './web-host';

let dir: string;
let core: KioskCore;
let host: WebHost;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'kiosk-secret.txt'), 'secret');
  const log = createMemoryLogger();
  core = createKioskCore({ config: developmentConfig(), version: '1.0.0', log });
  await core.start();
  host = await startWebHost({ core, staticDir: dir, port: 0, log });
});

afterEach(async () => {
  await host.close();
  await core.stop();
  rmSync(dir, { recursive: true, force: true });
});

const origin = () => `http://127.0.0.1:${host.port}`;

/** Opens a socket and resolves with the HTTP status of a refused upgrade, or the open socket. */
function connect(path: string, headers: Record<string, string> = { Origin: origin() }): Promise<{ status: number } | { socket: WebSocket; first: Promise<unknown> }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    bufferMessages(socket);
    const first = nextMessage(socket);
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', () => resolve({ status: -1 }));
    socket.once('open', () => resolve({ socket, first }));
  });
}

/** Frames can arrive several in one tick: queue them so none is lost between awaits. */
const inboxes = new WeakMap<WebSocket, { queue: Record<string, unknown>[]; waiters: ((m: Record<string, unknown>) => void)[] }>();
function bufferMessages(socket: WebSocket): void {
  const inbox = { queue: [] as Record<string, unknown>[], waiters: [] as ((m: Record<string, unknown>) => void)[] };
  inboxes.set(socket, inbox);
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    const waiter = inbox.waiters.shift();
    if (waiter) waiter(message);
    else inbox.queue.push(message);
  });
}
function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  const inbox = inboxes.get(socket)!;
  const queued = inbox.queue.shift();
  return queued ? Promise.resolve(queued) : new Promise((resolve) => inbox.waiters.push(resolve));
}

function get(path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    // A raw request so that paths like /../ are sent as written, not normalised by a client.
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host', () => {
  it('listens on the loopback address only', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
  });

  it('answers /healthz with the core state', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, core: { state: 'ready', kioskId: 'DEV-0001', sessionActive: false } });
  });

  it('serves index.html with the token in a meta tag and a strict CSP', async () => {
    const res = await get('/');
    expect(res.body).toContain(`<meta name="kiosk-ws-token" content="${host.token}">`);
    expect(res.headers['content-security-policy']).toBe(webContentSecurityPolicy(host.port));
    expect(String(res.headers['content-security-policy'])).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('serves assets and refuses to leave the static folder', async () => {
    expect((await get('/assets/app.js')).body).toBe('console.log(1)');
    for (const path of ['/../kiosk-secret.txt', '/assets/../../kiosk-secret.txt', '/%2e%2e/kiosk-secret.txt']) {
      const res = await get(path);
      expect(res.body).not.toContain('secret');
    }
    expect((await get('/missing.js')).status).toBe(404);
  });

  it('refuses a WebSocket without the token, with a wrong token, a foreign origin or another path', async () => {
    expect(await connect('/api')).toEqual({ status: 401 });
    expect(await connect('/api?token=wrong')).toEqual({ status: 401 });
    expect(await connect(`/api?token=${host.token}x`)).toEqual({ status: 401 });
    expect(await connect(`/api?token=${host.token}`, { Origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await connect(`/api?token=${host.token}`, {})).toEqual({ status: 403 });
    expect(await connect(`/other?token=${host.token}`)).toEqual({ status: 404 });
  });

  it('carries the contract for a client with the token and pushes events', async () => {
    const opened = await connect(`/api?token=${host.token}`);
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`);
    const { socket, first } = opened;
    expect(await first).toEqual({ type: 'event', name: 'core.state', payload: { state: 'ready' } });

    socket.send(JSON.stringify({ type: 'request', id: 1, method: 'session.start', params: { locale: 'zh-CN' } }));
    const started = await nextMessage(socket);
    expect(started).toMatchObject({ type: 'response', id: 1, ok: true });
    const sessionId = (started.result as { sessionId: string }).sessionId;

    socket.send(JSON.stringify({ type: 'request', id: 2, method: 'session.end', params: { sessionId, reason: 'home' } }));
    const [a, b] = [await nextMessage(socket), await nextMessage(socket)];
    expect([a, b]).toContainEqual({ type: 'event', name: 'session.ended', payload: { sessionId, reason: 'home' } });
    expect([a, b]).toContainEqual({ type: 'response', id: 2, ok: true, result: { wiped: true } });
    socket.close();
  });

  it('answers malformed and binary messages with badMessage and keeps serving', async () => {
    const opened = await connect(`/api?token=${host.token}`);
    if (!('socket' in opened)) throw new Error('refused');
    const { socket, first } = opened;
    await first;
    for (const garbage of ['{not json', '[]', '{"type":"request"}', 'null']) {
      socket.send(garbage);
      expect(await nextMessage(socket)).toMatchObject({ type: 'response', ok: false, error: { code: 'badMessage' } });
    }
    socket.send(Buffer.from([1, 2, 3]));
    expect(await nextMessage(socket)).toMatchObject({ ok: false, error: { code: 'badMessage' } });
    socket.send(JSON.stringify({ type: 'request', id: 9, method: 'kiosk.info', params: {} }));
    expect(await nextMessage(socket)).toMatchObject({ id: 9, ok: true, result: { kioskId: 'DEV-0001' } });
    socket.close();
  });
});

describe('isLoopbackAddress', () => {
  it('accepts 127/8 and ::1 only', () => {
    for (const address of ['127.0.0.1', '127.4.5.6', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', '0.0.0.0', '', undefined, '::2', '128.0.0.1']) expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe('web host backpressure', () => {
  it('closes a client that never reads before its buffer grows past the bound, and keeps serving others', async () => {
    const opened = await connect(`/api?token=${host.token}`);
    if (!('socket' in opened)) throw new Error('refused');
    const { socket, first } = opened;
    await first;
    const raw = (socket as unknown as { _socket: Socket })._socket;
    raw.pause(); // the client stops reading; the host keeps answering into its buffer
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const request = JSON.stringify({ type: 'request', id: 1, method: 'kiosk.info', params: {} });
    for (let i = 0; i < 40_000; i++) socket.send(request);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    raw.resume();
    expect(await closed).toBe(1006); // terminated, not a polite close
    const healthy = await get('/healthz');
    expect(healthy.status).toBe(200);
  }, 30_000);
});
