/**
 * The web host against what any page or process on the kiosk's machine can send it: malformed
 * request lines, bad percent-encoding, odd and huge headers, broken upgrades, foreign Host headers.
 * Each is answered (400/421/431 …) or dropped, and the host keeps serving /healthz afterwards.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentConfig } from '../config/load';
import { createKioskCore, type KioskCore } from '../core/kiosk-core';
import { createMemoryLogger } from '../log/logger';
import { isOwnHost, parseRequestTarget, startWebHost, type WebHost } from './web-host';

let dir: string;
let core: KioskCore;
let host: WebHost;
const log = createMemoryLogger();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-fuzz-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<html><head></head><body></body></html>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  core = createKioskCore({ config: developmentConfig(), version: '1.0.0', log });
  await core.start();
  host = await startWebHost({ core, staticDir: dir, port: 0, log });
});

afterAll(async () => {
  await host.close();
  await core.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes, resolves with whatever came back before the server closed (or 1 s passed). */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(host.port, '127.0.0.1');
    let answer = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, 1000);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(bytes, () => socket.end());
  });
}

const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
const get = (target: string, hostHeader = `127.0.0.1:${host.port}`) => raw(`GET ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`);

async function stillServing(): Promise<void> {
  const answer = await get('/healthz');
  expect(status(answer), answer.slice(0, 200)).toBe(200);
  expect(answer).toContain('"state":"ready"');
}

describe('web host under hostile input', () => {
  it('answers 400 to paths that cannot be decoded, and keeps serving', async () => {
    for (const target of ['/%', '/%E0%A4%A', '/assets/%ZZ.js', '/%00', '/a%00b.js', 'http://[/api', '*', 'x']) {
      expect(status(await get(target)), target).toBe(400);
      await stillServing();
    }
    // Decodable, if odd: an app route like any other (this one used to crash the URL parser).
    expect(status(await get('//['))).toBe(200);
    await stillServing();
  });

  it('answers 421 to a Host that is not its own (DNS rebinding) and to a missing Host', async () => {
    expect(status(await get('/', 'evil.example'))).toBe(421);
    expect(status(await get('/healthz', `evil.example:${host.port}`))).toBe(421);
    expect(status(await get('/', '127.0.0.1:1'))).toBe(421);
    expect(status(await raw('GET / HTTP/1.0\r\n\r\n'))).toBe(421);
    expect(status(await get('/', `LOCALHOST:${host.port}`))).toBe(200);
    await stillServing();
  });

  it('refuses malformed request lines and headers with 400, oversized headers with 431', async () => {
    for (const bytes of ['GARBAGE\r\n\r\n', 'GET\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET / HTTP/1.1\r\nHost\r\n\r\n', 'GET / HTTP/1.1\r\n: x\r\n\r\n', 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n', '\u0000\u0001\u0002\r\n\r\n']) {
      const code = status(await raw(bytes));
      expect([400, 421, 0], JSON.stringify(bytes)).toContain(code);
      await stillServing();
    }
    expect(status(await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`))).toBe(431);
    await stillServing();
  });

  it('refuses malformed WebSocket upgrades without falling over', async () => {
    const upgrade = (target: string, extra = '') =>
      raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`);
    expect(status(await upgrade('http://[/api'))).toBe(400);
    expect(status(await upgrade('/%'))).toBe(400);
    expect(status(await upgrade(`/api?token=${host.token}`, 'Origin: http://evil.example\r\n'))).toBe(403);
    expect(status(await upgrade(`/api?token=%`, `Origin: http://127.0.0.1:${host.port}\r\n`))).toBe(401);
    expect(status(await raw(`GET /api HTTP/1.1\r\nHost: evil:1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`))).toBe(421);
    // A valid upgrade with a broken key: the WebSocket library refuses it, the host stays up.
    expect(status(await upgrade(`/api?token=${host.token}`, `Origin: http://127.0.0.1:${host.port}\r\nSec-WebSocket-Key: short\r\n`))).toBe(400);
    await stillServing();
  });

  it('survives random request lines and headers (property)', async () => {
    const token = fc.string({ unit: fc.constantFrom(...'%/[]?#:@!$&\'()*+,;=ÿ\u0000\r\nab09 .-_~'.split('')), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(token, token, fc.constantFrom('GET', 'HEAD', 'POST', 'BREW', ''), async (target, header, method) => {
        await raw(`${method} /${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Odd: ${header}\r\nConnection: close\r\n\r\n`);
        const answer = await get('/healthz');
        return status(answer) === 200;
      }),
      { numRuns: 60 },
    );
  });

  it('rate-limits its log lines about bad requests', () => {
    const lines = log.lines.filter((line) => line.includes('http-client-error') || line.includes('http-bad-target'));
    expect(lines.length).toBeGreaterThan(0);
    expect(log.lines.filter((line) => line.includes('"event":"http-bad-target"')).length).toBeLessThanOrEqual(10);
  });
});

describe('request target and Host parsing', () => {
  it('decodes origin-form paths and refuses everything else without throwing', () => {
    expect(parseRequestTarget('/assets/a%20b.js?x=1')).toMatchObject({ pathname: '/assets/a%20b.js', decoded: '/assets/a b.js' });
    expect(parseRequestTarget('//[')).toMatchObject({ decoded: '//[' });
    for (const bad of [undefined, '', '%', 'http://[/api', '/%', '/%E0%A4%A', '/%00']) expect(parseRequestTarget(bad)).toBeUndefined();
  });

  it('accepts only its own loopback name and port', () => {
    expect(isOwnHost('127.0.0.1:5175', 5175)).toBe(true);
    expect(isOwnHost('localhost:5175', 5175)).toBe(true);
    for (const bad of [undefined, '', '127.0.0.1', '127.0.0.1:5176', 'evil.example:5175', '0.0.0.0:5175']) expect(isOwnHost(bad, 5175)).toBe(false);
  });
});
