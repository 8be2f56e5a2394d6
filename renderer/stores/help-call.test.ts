/**
 * The help call's store against a fake core: placing a call inside the resident's session, the ring
 * count, the media link started as the offerer once the desk answers, signals both ways, every way a
 * call ends (unanswered with a ticket, the desk hanging up, the resident hanging up or walking away,
 * the media failing, no camera, refused), and the camera always released.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallSignal, KioskCallView } from '../../contract/help-call';
import { installApi } from '../api/current';
import type { PeerLinkOptions } from '../call/peer-link';
import { createFakeApi } from '../test/fake-api';
import { useHelpCallStore } from './help-call';
import { useSessionStore } from './session';

const media = vi.hoisted(() => ({ open: vi.fn() }));
const links = vi.hoisted(() => [] as { options: PeerLinkOptions; received: CallSignal[]; closed: boolean; started: boolean }[]);

vi.mock('../call/media', () => ({
  openCallMedia: media.open,
  stopMedia: (stream: { getTracks(): { stop(): void }[] } | null) => stream?.getTracks().forEach((track) => track.stop()),
}));
vi.mock('../call/peer-link', () => ({
  PeerLink: class {
    record: (typeof links)[number];
    constructor(options: PeerLinkOptions) {
      this.record = { options, received: [], closed: false, started: false };
      links.push(this.record);
    }
    async start() {
      this.record.started = true;
    }
    async receive(signal: CallSignal) {
      this.record.received.push(signal);
    }
    close() {
      this.record.closed = true;
    }
    async framesDecoded() {
      return 42;
    }
  },
}));

const CALL_ID = 'a'.repeat(24);
const OFFER: CallSignal = { kind: 'description', type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n' };

function fakeStream() {
  const tracks = [{ kind: 'video', stopped: false, stop() { this.stopped = true; } }, { kind: 'audio', stopped: false, stop() { this.stopped = true; } }];
  return { stream: { getTracks: () => tracks } as unknown as MediaStream, tracks };
}

const view = (patch: Partial<KioskCallView> = {}): KioskCallView => ({ callId: CALL_ID, urgent: false, phase: 'ringing', placedAt: new Date().toISOString(), ringSeconds: 45, ...patch });

const placed = () => ({ ok: true, call: view(), media: { connectSeconds: 20, lossSeconds: 8 } });

function setUp(start: (params: { sessionId: string; urgent: boolean }) => unknown = placed, coreEnds = true) {
  setActivePinia(createPinia());
  const api = createFakeApi(undefined, {
    'help.call.start': start as never,
    'help.call.end': () => ({ ended: coreEnds }),
    'help.call.signal': () => ({ delivered: true }),
  });
  installApi(api);
  return { api, help: useHelpCallStore(), session: useSessionStore() };
}

describe('help call store', () => {
  let camera: ReturnType<typeof fakeStream>;
  beforeEach(() => {
    links.length = 0;
    camera = fakeStream();
    media.open.mockReset().mockResolvedValue({ ok: true, stream: camera.stream, audio: true, video: true });
  });
  afterEach(() => vi.useRealTimers());

  it('places the call inside a new session, rings and counts the seconds', async () => {
    vi.useFakeTimers();
    const { api, help, session } = setUp();
    help.openPanel();
    expect(help.stage).toBe('menu');
    await help.place(true);
    expect(api.calls.map((c) => c.method)).toEqual(['session.start', 'help.call.start']);
    expect(api.calls[1]!.params).toEqual({ sessionId: session.sessionId, urgent: true });
    expect(help.stage).toBe('ringing');
    expect(help.urgent).toBe(true);
    expect(help.localStream).toBe(camera.stream);
    vi.advanceTimersByTime(3_000);
    expect(help.elapsedSeconds).toBe(3);
    expect(help.active).toBe(true);
  });

  it('starts the media as the offerer when the desk answers, relays signals both ways, and is in call once connected', async () => {
    const { api, help } = setUp();
    await help.place(false);
    api.emit('help.call.state', view({ phase: 'inCall', answeredAt: new Date().toISOString(), officer: { alias: '值班民警 3' } }));
    expect(help.stage).toBe('connecting');
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link.options.role).toBe('offerer');
    expect(link.options.local).toBe(camera.stream);
    expect(link.options.connectMs).toBe(20_000);
    expect(link.started).toBe(true);
    link.options.send(OFFER);
    expect(api.calls.at(-1)).toEqual({ method: 'help.call.signal', params: { callId: CALL_ID, signal: OFFER } });
    api.emit('help.call.signal', { callId: CALL_ID, signal: { kind: 'endOfCandidates' } });
    api.emit('help.call.signal', { callId: 'b'.repeat(24), signal: { kind: 'endOfCandidates' } });
    expect(link.received).toEqual([{ kind: 'endOfCandidates' }]);
    link.options.onState('connected');
    expect(help.stage).toBe('inCall');
    expect(help.call?.officer?.alias).toBe('值班民警 3');
    expect(await help.framesDecoded()).toBe(42);
  });

  it('nobody answered: the ended screen with the ticket, camera off', async () => {
    const { api, help } = setUp();
    await help.place(false);
    api.emit('help.call.state', view({ phase: 'ended', ended: { reason: 'unanswered', at: new Date().toISOString(), answered: false, ticketNumber: 'WK-20261201-001' } }));
    expect(help.stage).toBe('ended');
    expect(help.ended).toEqual({ reason: 'unanswered', ticketNumber: 'WK-20261201-001' });
    expect(camera.tracks.every((t) => t.stopped)).toBe(true);
    expect(help.localStream).toBeNull();
  });

  it('the desk hung up: says so, closes the link', async () => {
    const { api, help } = setUp();
    await help.place(false);
    api.emit('help.call.state', view({ phase: 'inCall', answeredAt: new Date().toISOString() }));
    api.emit('help.call.state', view({ phase: 'ended', ended: { reason: 'deskHungUp', at: new Date().toISOString(), answered: true } }));
    expect(help.ended?.reason).toBe('deskHungUp');
    expect(links[0]!.closed).toBe(true);
    // A late, older state does not bring the call back.
    api.emit('help.call.state', view({ phase: 'inCall' }));
    expect(help.stage).toBe('ended');
  });

  it('the resident hangs up: the core is told, the panel closes, the camera is released', async () => {
    const { api, help } = setUp();
    await help.place(false);
    help.hangUp();
    expect(help.stage).toBe('closed');
    expect(api.calls.at(-1)).toEqual({ method: 'help.call.end', params: { callId: CALL_ID, reason: 'kioskHungUp' } });
    expect(camera.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('the resident walks away: the session ends and so does the call on the screen', async () => {
    const { api, help, session } = setUp();
    await help.place(false);
    api.emit('help.call.state', view({ phase: 'inCall', answeredAt: new Date().toISOString() }));
    await session.end('idle');
    expect(help.stage).toBe('closed');
    expect(links[0]!.closed).toBe(true);
    expect(camera.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('the media drops after it connected: the core is told it was lost; without an answer from it the screen ends the call itself', async () => {
    const { api, help } = setUp(placed, false);
    await help.place(false);
    api.emit('help.call.state', view({ phase: 'inCall', answeredAt: new Date().toISOString() }));
    links[0]!.options.onState('connected');
    expect(help.stage).toBe('inCall');
    links[0]!.options.onState('failed', 'lost');
    await vi.waitFor(() => expect(help.stage).toBe('ended'));
    expect(api.calls.at(-1)).toEqual({ method: 'help.call.end', params: { callId: CALL_ID, reason: 'mediaFailed' } });
    expect(help.ended?.reason).toBe('mediaFailed');
  });

  it.each(['iceFailed', 'connectTimeout'] as const)('the media never connects (%s): "could not connect", not "interrupted"', async (why) => {
    const { api, help } = setUp(placed, false);
    await help.place(false);
    api.emit('help.call.state', view({ phase: 'inCall', answeredAt: new Date().toISOString() }));
    expect(help.stage).toBe('connecting');
    links[0]!.options.onState('failed', why);
    await vi.waitFor(() => expect(help.stage).toBe('ended'));
    expect(api.calls.at(-1)).toEqual({ method: 'help.call.end', params: { callId: CALL_ID, reason: 'mediaNotConnected' } });
    expect(help.ended?.reason).toBe('mediaNotConnected');
  });

  it('no camera or microphone: says so without calling the core', async () => {
    media.open.mockResolvedValue({ ok: false });
    const { api, help } = setUp();
    await help.place(false);
    expect(help.ended?.reason).toBe('cameraUnavailable');
    expect(api.calls.map((c) => c.method)).not.toContain('help.call.start');
  });

  it('a refusal from the core ends on the phone numbers, the camera released', async () => {
    const { help } = setUp(() => ({ ok: false, reason: 'helpOff', message: 'off' }));
    await help.place(false);
    expect(help.ended?.reason).toBe('refused');
    expect(camera.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('a state pushed before the start answer is not lost', async () => {
    const core: { api?: ReturnType<typeof createFakeApi> } = {};
    const setup = setUp(() => {
      core.api!.emit('help.call.state', view({ phase: 'ended', ended: { reason: 'noDesk', at: new Date().toISOString(), answered: false, ticketNumber: 'WK-1' } }));
      return { ok: true, call: view(), media: { connectSeconds: 20, lossSeconds: 8 } };
    });
    core.api = setup.api;
    await setup.help.place(false);
    expect(setup.help.ended).toEqual({ reason: 'noDesk', ticketNumber: 'WK-1' });
  });

  it('hanging up while the camera opens never places the call', async () => {
    let release!: (value: unknown) => void;
    media.open.mockReturnValue(new Promise((resolve) => (release = resolve)));
    const { api, help } = setUp();
    const placing = help.place(false);
    help.hangUp();
    release({ ok: true, stream: camera.stream, audio: true, video: true });
    await placing;
    expect(api.calls.map((c) => c.method)).not.toContain('help.call.start');
    expect(camera.tracks.every((t) => t.stopped)).toBe(true);
    expect(help.stage).toBe('closed');
  });
});
