/**
 * The duty desk's listener over real sockets: who may connect, the staff sign-in (PIN with argon2id,
 * officers only, the shared lock-out), malformed messages, a whole call's signalling, and a desk
 * that disconnects or goes silent mid-call.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallSignal } from '../../contract/help-call';
import { DESK_WS_PATH, type DeskServerMessage } from '../../contract/help-desk';
import { parseConfig } from '../config/load';
import { openJournal } from '../journal';
import { createMemoryLogger } from '../log/logger';
import { DEV_STAFF, DEV_STAFF_SECRETS } from '../staff/dev-staff';
import { HelpConfig } from './config';
import { DeskAuth } from './desk-auth';
import { startDeskHost, type DeskHost } from './desk-host';
import { HelpDeskHub, type CallSnapshot } from './hub';

/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost, for these tests only:
 * `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost
 *  -addext subjectAltName=IP:127.0.0.1,DNS:localhost -days 36500`.
 */
const TEST_TLS = {
  certFile: fileURLToPath(new URL('./test-fixtures/desk-test.crt', import.meta.url)),
  keyFile: fileURLToPath(new URL('./test-fixtures/desk-test.key', import.meta.url)),
};
const OFFICER = DEV_STAFF_SECRETS.officer;
const TECH = DEV_STAFF_SECRETS.technician;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startDesk(options: { heartbeatMs?: number; signInWindowMs?: number; built?: boolean; tls?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'desk-host-'));
  const staticDir = join(dir, 'desk');
  if (options.built !== false) {
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>desk</title>');
    writeFileSync(join(staticDir, 'assets', 'desk.js'), 'console.log(1)');
  }
  writeFileSync(join(dir, 'secret.txt'), 'not for the desk');
  const journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K-1' });
  const staff = parseConfig({ kiosk: { id: 'K-1', postName: '岗' }, staff: DEV_STAFF, dataDir: dir }).staff;
  const log = createMemoryLogger();
  const hub = new HelpDeskHub({ ringSeconds: 30, maxCallMinutes: 10, boardRefreshSeconds: 60, log });
  const auth = new DeskAuth({ staff, db: journal.database, sessionHours: 12 });
  const config = HelpConfig.parse({ desk: { port: 0, ...(options.tls ? { tls: TEST_TLS } : {}) } }).desk;
  const host: DeskHost = await startDeskHost({ config, hub, auth, staticDir, log, ...options });
  cleanups.push(async () => {
    await host.close();
    hub.stop();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const kiosk = hub.registerKiosk({ kioskId: 'K-1', postName: '东华门', board: () => null });
  return { host, hub, kiosk, journal, origin: `http://127.0.0.1:${host.port}` };
}

/** A desk client that records every message and close. */
async function connect(port: number, options: { origin?: string; path?: string; autoPong?: boolean } = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? DESK_WS_PATH}`, { origin: options.origin ?? `http://127.0.0.1:${port}`, autoPong: options.autoPong ?? true });
  const messages: DeskServerMessage[] = [];
  let closed: { code: number } | undefined;
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as DeskServerMessage));
  ws.on('close', (code) => (closed = { code }));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  cleanups.push(() => ws.terminate());
  const next = async (type: DeskServerMessage['type'], after = 0) => {
    await expect.poll(() => messages.slice(after).some((m) => m.type === type), { timeout: 5_000 }).toBe(true);
    return messages.slice(after).find((m) => m.type === type)!;
  };
  return {
    ws,
    messages,
    closed: () => closed,
    send: (value: unknown) => ws.send(typeof value === 'string' ? value : JSON.stringify(value)),
    next,
    async signIn(staffId: string = OFFICER.staffId, pin: string = OFFICER.pin) {
      const before = messages.length;
      ws.send(JSON.stringify({ type: 'signIn', staffId, pin }));
      await expect.poll(() => messages.slice(before).some((m) => m.type === 'signedIn' || m.type === 'refused'), { timeout: 5_000 }).toBe(true);
      return messages.slice(before).find((m) => m.type === 'signedIn' || m.type === 'refused')!;
    },
  };
}

function upgradeStatus(port: number, headers: Record<string, string>, path = DESK_WS_PATH): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers } });
    req.on('response', (response) => resolve(response.statusCode ?? 0));
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('desk host: the page', () => {
  it('serves the desk page and its assets with a strict CSP, and nothing else', async () => {
    const { host } = await startDesk();
    const page = await get(host.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>desk</title>');
    expect(String(page.headers['content-security-policy'])).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get(host.port, '/assets/desk.js')).status).toBe(200);
    expect((await get(host.port, '/assets/../../secret.txt')).status).toBe(404);
    expect((await get(host.port, '/assets/%2e%2e/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get(host.port, '/secret.txt')).status).toBe(404);
    expect((await get(host.port, '/', 'evil.example:80')).status).toBe(421);
    expect((await get(host.port, '/', `localhost:${host.port}`)).status).toBe(200);
  });

  it('says the page is not built instead of failing', async () => {
    const { host } = await startDesk({ built: false });
    const page = await get(host.port, '/');
    expect(page.status).toBe(503);
    expect(page.body).toMatch(/not built/);
  });
});

describe('desk host: over TLS (a desk on the LAN)', () => {
  it('serves the page and the WebSocket over https/wss only', async () => {
    const { host } = await startDesk({ tls: true });
    expect(host.url).toBe(`https://127.0.0.1:${host.port}/`);
    const ca = readFileSync(TEST_TLS.certFile);
    const page = await fetchTls(host.port, ca);
    expect(page.status).toBe(200);
    expect(page.csp).toContain(`connect-src 'self' wss://127.0.0.1:${host.port}`);
    const ws = new WebSocket(`wss://127.0.0.1:${host.port}${DESK_WS_PATH}`, { origin: `https://127.0.0.1:${host.port}`, ca });
    cleanups.push(() => ws.terminate());
    const messages: DeskServerMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as DeskServerMessage));
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    ws.send(JSON.stringify({ type: 'signIn', staffId: OFFICER.staffId, pin: OFFICER.pin }));
    await expect.poll(() => messages.map((m) => m.type)).toEqual(['signedIn', 'kiosks']);
    // The plain-http origin of the same address is another origin.
    expect(await upgradeStatusTls(host.port, ca, { Origin: `http://127.0.0.1:${host.port}`, Host: `127.0.0.1:${host.port}` })).toBe(403);
  });
});

function fetchTls(port: number, ca: Buffer): Promise<{ status: number; csp: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path: '/', ca }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, csp: String(response.headers['content-security-policy']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgradeStatusTls(port: number, ca: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path: DESK_WS_PATH, ca, headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers } });
    req.on('response', (response) => resolve(response.statusCode ?? 0));
    req.on('error', reject);
    req.end();
  });
}

describe('desk host: who may connect', () => {
  it('refuses a WebSocket from another origin, on another path or for another host', async () => {
    const { host, origin } = await startDesk();
    expect(await upgradeStatus(host.port, { Origin: 'http://evil.example', Host: `127.0.0.1:${host.port}` })).toBe(403);
    expect(await upgradeStatus(host.port, { Host: `127.0.0.1:${host.port}` })).toBe(403);
    expect(await upgradeStatus(host.port, { Origin: origin, Host: `127.0.0.1:${host.port}` }, '/api')).toBe(404);
    expect(await upgradeStatus(host.port, { Origin: origin, Host: 'rebound.example' })).toBe(421);
    expect(await upgradeStatus(host.port, { Origin: origin, Host: `127.0.0.1:${host.port}` })).toBe(101);
  });

  it('sends nothing about kiosks or calls before sign-in, and closes a socket that acts without signing in', async () => {
    const { host, kiosk, hub } = await startDesk();
    hub.attachDesk({ staffId: 'OTHER', alias: 'x' }, () => {});
    kiosk.placeCall({ urgent: true, onState: () => {}, onSignal: () => {} });
    const desk = await connect(host.port);
    await new Promise((r) => setTimeout(r, 100));
    expect(desk.messages).toEqual([]);
    desk.send({ type: 'answer', callId: 'a'.repeat(24) });
    expect(await desk.next('error')).toEqual({ type: 'error', code: 'unauthorized', message: 'sign in first' });
    await expect.poll(() => desk.closed()?.code).toBe(4401);
    expect(desk.messages.map((m) => m.type)).toEqual(['error']);
  });

  it('closes a socket that does not sign in within its window', async () => {
    const { host } = await startDesk({ signInWindowMs: 200 });
    const desk = await connect(host.port);
    await expect.poll(() => desk.closed()?.code).toBe(4401);
  });
});

describe('desk host: signing in', () => {
  it('signs an officer in with staff code and PIN, then lists the kiosks; the token resumes after a reload', async () => {
    const { host, journal } = await startDesk();
    const desk = await connect(host.port);
    const signedIn = await desk.signIn();
    expect(signedIn).toMatchObject({ type: 'signedIn', session: { staffId: OFFICER.staffId, alias: '值班民警（演示）' } });
    expect(await desk.next('kiosks')).toMatchObject({ kiosks: [{ kioskId: 'K-1', postName: '东华门', board: null, call: null }] });
    const token = signedIn.type === 'signedIn' ? signedIn.session.token : '';

    const reloaded = await connect(host.port);
    reloaded.send({ type: 'resume', token });
    expect(await reloaded.next('signedIn')).toMatchObject({ session: { staffId: OFFICER.staffId } });
    reloaded.send({ type: 'signOut' });
    await reloaded.next('signedOut');
    const third = await connect(host.port);
    third.send({ type: 'resume', token });
    expect(await third.next('refused')).toMatchObject({ reason: 'sessionExpired' });

    const audit = journal.database.prepare(`SELECT action, staff_id, outcome FROM staff_audit ORDER BY id`).all();
    expect(audit).toEqual([
      { action: 'desk.signIn', staff_id: OFFICER.staffId, outcome: 'ok' },
      { action: 'desk.signOut', staff_id: OFFICER.staffId, outcome: 'ok' },
    ]);
  });

  it('refuses a wrong PIN, an unknown code the same way, and a technician even with the right PIN', async () => {
    const { host } = await startDesk();
    const desk = await connect(host.port);
    expect(await desk.signIn(OFFICER.staffId, '999999')).toMatchObject({ type: 'refused', reason: 'wrongCredentials' });
    expect(await desk.signIn('NOBODY', OFFICER.pin)).toMatchObject({ type: 'refused', reason: 'wrongCredentials' });
    expect(await desk.signIn(TECH.staffId, '000000')).toMatchObject({ type: 'refused', reason: 'wrongCredentials' });
    expect(await desk.signIn(TECH.staffId, TECH.pin)).toMatchObject({ type: 'refused', reason: 'notAnOfficer' });
    expect(desk.messages.some((m) => m.type === 'kiosks')).toBe(false);
  });

  it('locks an officer out after five wrong PINs (the kiosk console’s counter), and closes a socket that keeps guessing', async () => {
    const { host, journal } = await startDesk();
    const desk = await connect(host.port);
    for (let i = 0; i < 4; i++) expect(await desk.signIn(OFFICER.staffId, '111111')).toMatchObject({ reason: 'wrongCredentials' });
    expect(await desk.signIn(OFFICER.staffId, '111111')).toMatchObject({ reason: 'lockedOut', lockedUntil: expect.any(String) });
    await expect.poll(() => desk.closed()?.code).toBe(4429);
    const again = await connect(host.port);
    expect(await again.signIn()).toMatchObject({ type: 'refused', reason: 'lockedOut' });
    expect(journal.database.prepare(`SELECT failures FROM staff_lockouts WHERE staff_id = ?`).get(OFFICER.staffId)).toEqual({ failures: 5 });
  });

  it('answers malformed messages with an error, keeps the socket, and closes it after too many', async () => {
    const { host } = await startDesk();
    const desk = await connect(host.port);
    await desk.signIn();
    const bad = ['not json', '{"type":"answer"}', '{"type":"launch","callId":"x"}', JSON.stringify({ type: 'answer', callId: 'A'.repeat(24) }), JSON.stringify({ type: 'signIn', staffId: 'x', pin: '12' })];
    for (const text of bad) desk.send(text);
    desk.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await expect.poll(() => desk.messages.filter((m) => m.type === 'error').length).toBe(6);
    expect(new Set(desk.messages.filter((m) => m.type === 'error').map((m) => (m.type === 'error' ? m.code : '')))).toEqual(new Set(['badMessage']));
    expect(desk.closed()).toBeUndefined();
    for (let i = 0; i < 14; i++) desk.send('{');
    await expect.poll(() => desk.closed()?.code).toBe(1008);
  });

  it('closes a socket that sends more than a message may hold', async () => {
    const { host } = await startDesk();
    const desk = await connect(host.port);
    desk.send('x'.repeat(70 * 1024));
    await expect.poll(() => desk.closed()?.code).toBe(1009);
  });
});

describe('desk host: a call', () => {
  const OFFER: CallSignal = { kind: 'description', type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };

  it('rings the desk, answers, relays signalling both ways, and ends when the desk hangs up', async () => {
    const { host, kiosk } = await startDesk();
    const desk = await connect(host.port);
    await desk.signIn();
    const states: CallSnapshot[] = [];
    const signals: CallSignal[] = [];
    const placed = kiosk.placeCall({ urgent: true, onState: (s) => states.push(s), onSignal: (s) => signals.push(s) });
    if (!placed.ok) throw new Error('not placed');
    const { callId } = placed.value;
    expect(await desk.next('call')).toMatchObject({ call: { callId, phase: 'ringing', urgent: true, kioskId: 'K-1', mine: false } });
    const mark = desk.messages.length;
    desk.send({ type: 'answer', callId });
    expect(await desk.next('call', mark)).toMatchObject({ call: { phase: 'inCall', mine: true, answeredBy: { staffId: OFFICER.staffId } } });
    expect(placed.value.signal(OFFER)).toBe(true);
    expect(await desk.next('signal')).toEqual({ type: 'signal', callId, signal: OFFER });
    desk.send({ type: 'signal', callId, signal: { kind: 'candidate', candidate: 'candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    await expect.poll(() => signals.length).toBe(1);
    // A relay candidate means a TURN server: refused by the contract before it reaches the kiosk.
    desk.send({ type: 'signal', callId, signal: { kind: 'candidate', candidate: 'candidate:3 1 UDP 16777215 198.51.100.7 3478 typ relay raddr 0.0.0.0 rport 0', sdpMid: '0', sdpMLineIndex: 0 } });
    await desk.next('error');
    expect(signals).toHaveLength(1);
    desk.send({ type: 'hangUp', callId });
    await expect.poll(() => states.at(-1)?.ended?.reason).toBe('deskHungUp');
  });

  it('ends the call as deskLeft when the desk’s socket closes, or stops answering pings', async () => {
    const { host, kiosk } = await startDesk({ heartbeatMs: 100 });
    for (const drop of ['close', 'silence'] as const) {
      // Pongs by hand until the call is on, then goes silent like a desk whose cable was pulled.
      const desk = await connect(host.port, { autoPong: false });
      let silent = false;
      desk.ws.on('ping', () => silent || desk.ws.pong());
      await desk.signIn();
      const states: CallSnapshot[] = [];
      const placed = kiosk.placeCall({ urgent: false, onState: (s) => states.push(s), onSignal: () => {} });
      if (!placed.ok) throw new Error('not placed');
      await desk.next('call');
      desk.send({ type: 'answer', callId: placed.value.callId });
      await expect.poll(() => states.at(-1)?.phase).toBe('inCall');
      if (drop === 'close') desk.ws.terminate();
      else silent = true;
      await expect.poll(() => states.at(-1)?.ended?.reason, { timeout: 5_000 }).toBe('deskLeft');
    }
  });
});
