/**
 * The duty desk page's store against a fake socket: sign-in and refusals, resuming with the tab's
 * token after a reload or a dropped socket, the kiosks list, the ring (louder for an emergency,
 * silent while this desk talks unless it is one), answering as the media answerer, signals both
 * ways, hang-up, another desk answering first, and every way a call ends here.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { CallSignal } from '../../contract/help-call';
import type { DeskCallView, DeskClientMessage, DeskKiosk, DeskServerMessage } from '../../contract/help-desk';
import type { PeerLinkOptions } from '../call/peer-link';
import { RECONNECT_MS, TOKEN_KEY, useDeskStore, type DeskEnvironment } from './desk-store';

class FakeSocket {
  readyState = 0;
  sent: DeskClientMessage[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as DeskClientMessage);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  push(message: DeskServerMessage | string) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
}

const TOKEN = 'T'.repeat(43);
const CALL_ID = 'd'.repeat(24);
const SESSION = { token: TOKEN, staffId: 'DEV-OFFICER', alias: '值班民警（演示）', expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
const callView = (patch: Partial<DeskCallView> = {}): DeskCallView => ({ callId: CALL_ID, kioskId: 'K-1', urgent: false, phase: 'ringing', placedAt: new Date().toISOString(), ringSeconds: 45, mine: false, ...patch });
const kiosk = (call: DeskCallView | null = null): DeskKiosk => ({ kioskId: 'K-1', postName: '东华门', board: null, call });

function setUp(storage = new Map<string, string>()) {
  setActivePinia(createPinia());
  const sockets: FakeSocket[] = [];
  const links: { options: PeerLinkOptions; received: CallSignal[]; closed: boolean }[] = [];
  const rings: { kind: string; stopped: boolean }[] = [];
  const tracks = [{ stopped: false, stop() { this.stopped = true; } }];
  const env: DeskEnvironment = {
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    socketUrl: () => 'ws://127.0.0.1:5176/desk/ws',
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value), removeItem: (key) => void storage.delete(key) },
    openMedia: async () => ({ ok: true, stream: { getTracks: () => tracks } as unknown as MediaStream, audio: true, video: true }),
    createLink: (options) => {
      const record = { options, received: [] as CallSignal[], closed: false };
      links.push(record);
      return { receive: async (signal: CallSignal) => void record.received.push(signal), close: () => void (record.closed = true), framesDecoded: async () => 7 };
    },
    ring: (kind) => {
      const ring = { kind, stopped: false };
      rings.push(ring);
      return { stop: () => void (ring.stopped = true) };
    },
  };
  const desk = useDeskStore();
  desk.connect(env);
  const socket = () => sockets.at(-1)!;
  socket().open();
  return { desk, sockets, socket, links, rings, storage, tracks };
}

async function signedIn() {
  const rig = setUp();
  rig.desk.signIn('DEV-OFFICER', '246810');
  rig.socket().push({ type: 'signedIn', session: SESSION });
  rig.socket().push({ type: 'kiosks', kiosks: [kiosk()] });
  await nextTick();
  return rig;
}

describe('duty desk store', () => {
  afterEach(() => vi.useRealTimers());
  beforeEach(() => vi.useRealTimers());

  it('signs in, keeps the token for this tab, and lists the kiosks', async () => {
    const { desk, socket, storage } = await signedIn();
    expect(socket().url).toBe('ws://127.0.0.1:5176/desk/ws');
    expect(socket().sent[0]).toEqual({ type: 'signIn', staffId: 'DEV-OFFICER', pin: '246810' });
    expect(desk.session?.alias).toBe('值班民警（演示）');
    expect(storage.get(TOKEN_KEY)).toBe(TOKEN);
    expect(desk.kiosks.map((k) => k.kioskId)).toEqual(['K-1']);
  });

  it('shows a refusal, and forgets an expired token', () => {
    const { desk, socket, storage } = setUp(new Map([[TOKEN_KEY, TOKEN]]));
    expect(socket().sent[0]).toEqual({ type: 'resume', token: TOKEN });
    socket().push({ type: 'refused', reason: 'sessionExpired', message: 'sign in again' });
    expect(desk.refusal?.reason).toBe('sessionExpired');
    expect(storage.has(TOKEN_KEY)).toBe(false);
    socket().push({ type: 'refused', reason: 'lockedOut', message: 'locked', lockedUntil: '2026-12-01T10:00:00.000Z' });
    expect(desk.refusal).toEqual({ reason: 'lockedOut', message: 'locked', lockedUntil: '2026-12-01T10:00:00.000Z' });
  });

  it('ignores malformed messages from the socket', async () => {
    const { desk, socket } = await signedIn();
    socket().push('not json');
    socket().push(JSON.stringify({ type: 'kiosks', kiosks: 'nope' }));
    expect(desk.kiosks).toHaveLength(1);
  });

  it('reconnects after a drop and resumes with the token', async () => {
    vi.useFakeTimers();
    const { desk, sockets, socket } = await signedIn();
    socket().close();
    expect(desk.connection).toBe('closed');
    expect(desk.kiosks).toEqual([]);
    vi.advanceTimersByTime(RECONNECT_MS);
    expect(sockets).toHaveLength(2);
    socket().open();
    expect(socket().sent).toEqual([{ type: 'resume', token: TOKEN }]);
    desk.disconnect();
  });

  it('rings for a call, louder for an emergency, and stops when it is answered elsewhere', async () => {
    const { desk, socket, rings } = await signedIn();
    socket().push({ type: 'call', call: callView() });
    await nextTick();
    expect(desk.ringKind).toBe('normal');
    socket().push({ type: 'call', call: callView({ urgent: true }) });
    await nextTick();
    expect(desk.ringKind).toBe('urgent');
    expect(rings.map((r) => [r.kind, r.stopped])).toEqual([['normal', true], ['urgent', false]]);
    socket().push({ type: 'call', call: callView({ phase: 'inCall', answeredBy: { staffId: 'OTHER', alias: '另一位民警' } }) });
    await nextTick();
    expect(desk.ringKind).toBeUndefined();
    expect(rings.every((r) => r.stopped)).toBe(true);
  });

  it('answers: camera first, the link as answerer, then the answer; signals both ways; in call once connected', async () => {
    const { desk, socket, links, rings } = await signedIn();
    socket().push({ type: 'call', call: callView() });
    await nextTick();
    await desk.answer(CALL_ID);
    expect(socket().sent.at(-1)).toEqual({ type: 'answer', callId: CALL_ID });
    expect(links[0]!.options.role).toBe('answerer');
    expect(desk.stage).toBe('answering');
    socket().push({ type: 'call', call: callView({ phase: 'inCall', mine: true, answeredBy: { staffId: 'DEV-OFFICER', alias: '值班民警（演示）' } }) });
    await nextTick();
    expect(desk.stage).toBe('connecting');
    expect(rings.every((r) => r.stopped)).toBe(true);
    socket().push({ type: 'signal', callId: CALL_ID, signal: { kind: 'endOfCandidates' } });
    expect(links[0]!.received).toEqual([{ kind: 'endOfCandidates' }]);
    links[0]!.options.send({ kind: 'endOfCandidates' });
    expect(socket().sent.at(-1)).toEqual({ type: 'signal', callId: CALL_ID, signal: { kind: 'endOfCandidates' } });
    links[0]!.options.onState('connected');
    expect(desk.stage).toBe('inCall');
    expect(await desk.framesDecoded()).toBe(7);
  });

  it('hangs up: tells the core, closes the link and the camera', async () => {
    const { desk, socket, links, tracks } = await signedIn();
    socket().push({ type: 'call', call: callView() });
    await desk.answer(CALL_ID);
    socket().push({ type: 'call', call: callView({ phase: 'inCall', mine: true }) });
    desk.hangUp();
    expect(socket().sent.at(-1)).toEqual({ type: 'hangUp', callId: CALL_ID });
    expect(desk.stage).toBe('ended');
    expect(desk.ended).toEqual({ reason: 'deskHungUp', kioskId: 'K-1' });
    expect(links[0]!.closed).toBe(true);
    expect(tracks[0]!.stopped).toBe(true);
    desk.dismiss();
    expect(desk.stage).toBe('idle');
  });

  it('the kiosk ends the call (resident left): says why', async () => {
    const { desk, socket } = await signedIn();
    socket().push({ type: 'call', call: callView() });
    await desk.answer(CALL_ID);
    socket().push({ type: 'call', call: callView({ phase: 'ended', mine: true, ended: { reason: 'residentLeft', at: new Date().toISOString() } }) });
    expect(desk.ended?.reason).toBe('residentLeft');
    expect(desk.kiosks[0]!.call).toBeNull();
  });

  it('the media never connects here: tells the core it could not connect (not "dropped") and says so', async () => {
    const { desk, socket, links } = await signedIn();
    socket().push({ type: 'call', call: callView() });
    await desk.answer(CALL_ID);
    links[0]!.options.onState('failed', 'iceFailed');
    expect(socket().sent.at(-1)).toEqual({ type: 'mediaNotConnected', callId: CALL_ID });
    expect(desk.ended?.reason).toBe('mediaNotConnected');
  });

  it('the media drops here after it connected: tells the core it was lost and says so', async () => {
    const { desk, socket, links } = await signedIn();
    socket().push({ type: 'call', call: callView() });
    await desk.answer(CALL_ID);
    links[0]!.options.onState('connected');
    expect(desk.stage).toBe('inCall');
    links[0]!.options.onState('failed', 'lost');
    expect(socket().sent.at(-1)).toEqual({ type: 'mediaFailed', callId: CALL_ID });
    expect(desk.ended?.reason).toBe('mediaFailed');
  });

  it('another desk was quicker: back to the list with the reason', async () => {
    const { desk, socket, links } = await signedIn();
    socket().push({ type: 'call', call: callView() });
    await desk.answer(CALL_ID);
    socket().push({ type: 'error', code: 'alreadyAnswered', message: 'that call is no longer ringing' });
    expect(desk.stage).toBe('idle');
    expect(desk.notice).toBe('that call is no longer ringing');
    expect(links[0]!.closed).toBe(true);
  });

  it('a dropped socket mid-call ends the call here (the core ends it too)', async () => {
    const { desk, socket } = await signedIn();
    socket().push({ type: 'call', call: callView() });
    await desk.answer(CALL_ID);
    socket().close();
    expect(desk.ended?.reason).toBe('deskLeft');
    desk.disconnect();
  });

  it('signing out forgets the token and the kiosks', async () => {
    const { desk, socket, storage } = await signedIn();
    desk.signOut();
    expect(socket().sent.at(-1)).toEqual({ type: 'signOut' });
    socket().push({ type: 'signedOut', reason: 'signedOut' });
    expect(desk.session).toBeNull();
    expect(desk.kiosks).toEqual([]);
    expect(storage.has(TOKEN_KEY)).toBe(false);
  });
});
