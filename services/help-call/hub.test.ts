import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Board } from '../../contract/four-colour';
import type { CallSignal } from '../../contract/help-call';
import type { DeskServerMessage } from '../../contract/help-desk';
import { createMemoryLogger } from '../log/logger';
import { HelpDeskHub, MAX_SIGNALS_PER_SIDE, type CallSnapshot, type KioskPort } from './hub';

const OFFER: CallSignal = { kind: 'description', type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
const CANDIDATE: CallSignal = { kind: 'candidate', candidate: 'candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ host', sdpMid: '0', sdpMLineIndex: 0 };

function board(kioskId: string, colour: Board['colour'] = 'green'): Board {
  return { kioskId, at: new Date().toISOString(), colour, counts: { red: 0, orange: 0, yellow: 0, green: 1 }, items: [] };
}

function desk(hub: HelpDeskHub, staffId = 'DEV-OFFICER', alias = '值班民警 3') {
  const messages: DeskServerMessage[] = [];
  const port = hub.attachDesk({ staffId, alias }, (message) => messages.push(message));
  return {
    port,
    messages,
    calls: () => messages.flatMap((m) => (m.type === 'call' ? [m.call] : [])),
    errors: () => messages.flatMap((m) => (m.type === 'error' ? [m.code] : [])),
    signals: () => messages.flatMap((m) => (m.type === 'signal' ? [m.signal] : [])),
    kiosks: () => messages.flatMap((m) => (m.type === 'kiosks' ? [m.kiosks] : [])).at(-1) ?? [],
  };
}

function kiosk(port: KioskPort, urgent = false) {
  const states: CallSnapshot[] = [];
  const signals: CallSignal[] = [];
  const placed = port.placeCall({ urgent, onState: (s) => states.push(s), onSignal: (s) => signals.push(s) });
  if (!placed.ok) throw new Error(placed.error);
  return { call: placed.value, states, signals, last: () => states.at(-1)! };
}

let hub: HelpDeskHub;
let kioskA: KioskPort;
let boardA: Board;

beforeEach(() => {
  vi.useFakeTimers();
  hub = new HelpDeskHub({ ringSeconds: 30, maxCallMinutes: 10, boardRefreshSeconds: 5, log: createMemoryLogger() });
  boardA = board('K-A');
  kioskA = hub.registerKiosk({ kioskId: 'K-A', postName: '东华门', board: () => boardA });
});
afterEach(() => {
  hub.stop();
  vi.useRealTimers();
});

describe('help-call hub: ringing and answering', () => {
  it('rings every desk, gives the call to the first that answers, and shows the others it is taken', () => {
    const one = desk(hub, 'OFF-1', '值班民警 1');
    const two = desk(hub, 'OFF-2', '值班民警 2');
    const k = kiosk(kioskA, true);
    expect(k.last()).toMatchObject({ phase: 'ringing', urgent: true, kioskId: 'K-A', ringSeconds: 30 });
    expect(one.calls().at(-1)).toMatchObject({ callId: k.call.callId, phase: 'ringing', urgent: true, mine: false });
    expect(two.calls().at(-1)).toMatchObject({ phase: 'ringing' });

    one.port.receive({ type: 'answer', callId: k.call.callId });
    expect(k.last()).toMatchObject({ phase: 'inCall', answeredBy: { staffId: 'OFF-1', alias: '值班民警 1' } });
    expect(one.calls().at(-1)).toMatchObject({ phase: 'inCall', mine: true, answeredBy: { staffId: 'OFF-1' } });
    expect(two.calls().at(-1)).toMatchObject({ phase: 'inCall', mine: false, answeredBy: { staffId: 'OFF-1' } });

    two.port.receive({ type: 'answer', callId: k.call.callId });
    expect(two.errors()).toEqual(['alreadyAnswered']);
    expect(k.last().answeredBy?.staffId).toBe('OFF-1');
  });

  it('relays signalling only between the kiosk and the desk that answered', () => {
    const one = desk(hub, 'OFF-1');
    const two = desk(hub, 'OFF-2');
    const k = kiosk(kioskA);
    expect(k.call.signal(OFFER)).toBe(false); // nobody to talk to while it rings
    one.port.receive({ type: 'signal', callId: k.call.callId, signal: CANDIDATE });
    expect(one.errors()).toEqual(['notYourCall']);

    one.port.receive({ type: 'answer', callId: k.call.callId });
    expect(k.call.signal(OFFER)).toBe(true);
    expect(one.signals()).toEqual([OFFER]);
    expect(two.signals()).toEqual([]);
    one.port.receive({ type: 'signal', callId: k.call.callId, signal: CANDIDATE });
    expect(k.signals).toEqual([CANDIDATE]);
    two.port.receive({ type: 'signal', callId: k.call.callId, signal: CANDIDATE });
    two.port.receive({ type: 'hangUp', callId: k.call.callId });
    expect(two.errors()).toEqual(['notYourCall', 'notYourCall']);
    expect(k.signals).toHaveLength(1);
    expect(k.last().phase).toBe('inCall');
  });

  it('refuses a command for a call that does not exist', () => {
    const one = desk(hub);
    one.port.receive({ type: 'answer', callId: 'f'.repeat(24) });
    expect(one.errors()).toEqual(['noSuchCall']);
  });

  it('bounds the signalling one side may send in one call', () => {
    const one = desk(hub);
    const k = kiosk(kioskA);
    one.port.receive({ type: 'answer', callId: k.call.callId });
    for (let i = 0; i < MAX_SIGNALS_PER_SIDE; i++) expect(k.call.signal(CANDIDATE)).toBe(true);
    expect(k.call.signal(CANDIDATE)).toBe(false);
    for (let i = 0; i <= MAX_SIGNALS_PER_SIDE; i++) one.port.receive({ type: 'signal', callId: k.call.callId, signal: CANDIDATE });
    expect(k.signals).toHaveLength(MAX_SIGNALS_PER_SIDE);
    expect(one.errors()).toEqual(['badMessage']);
  });
});

describe('help-call hub: one call at a time', () => {
  it('refuses a second call from the same kiosk while one is on, and allows it after', () => {
    desk(hub);
    const k = kiosk(kioskA);
    expect(kioskA.placeCall({ urgent: false, onState: () => {}, onSignal: () => {} })).toEqual({ ok: false, error: 'callInProgress' });
    k.call.end('kioskHungUp');
    expect(kioskA.placeCall({ urgent: false, onState: () => {}, onSignal: () => {} }).ok).toBe(true);
  });

  it('keeps each kiosk to its own call and each desk to one call (several kiosks registered)', () => {
    const kioskB = hub.registerKiosk({ kioskId: 'K-B', postName: '天安门', board: () => board('K-B', 'red') });
    const one = desk(hub, 'OFF-1');
    const two = desk(hub, 'OFF-2');
    expect(one.kiosks().map((k) => [k.kioskId, k.board?.colour])).toEqual([['K-A', 'green'], ['K-B', 'red']]);
    const a = kiosk(kioskA);
    const b = kiosk(kioskB);
    one.port.receive({ type: 'answer', callId: a.call.callId });
    one.port.receive({ type: 'answer', callId: b.call.callId });
    expect(one.errors()).toEqual(['busy']);
    two.port.receive({ type: 'answer', callId: b.call.callId });
    expect(b.last().answeredBy?.staffId).toBe('OFF-2');
    expect(a.call.signal(OFFER)).toBe(true);
    expect(b.call.signal(CANDIDATE)).toBe(true);
    expect(one.signals()).toEqual([OFFER]);
    expect(two.signals()).toEqual([CANDIDATE]);
    kioskB.unregister();
    expect(b.last().ended?.reason).toBe('kioskLeft');
    expect(one.kiosks().map((k) => k.kioskId)).toEqual(['K-A']);
  });
});

describe('help-call hub: how calls end', () => {
  it('ends as unanswered when the ring time runs out', () => {
    const one = desk(hub);
    const k = kiosk(kioskA);
    vi.advanceTimersByTime(29_000);
    expect(k.last().phase).toBe('ringing');
    vi.advanceTimersByTime(1_000);
    expect(k.last()).toMatchObject({ phase: 'ended', ended: { reason: 'unanswered' } });
    expect(k.last().answeredAt).toBeUndefined();
    expect(one.calls().at(-1)).toMatchObject({ phase: 'ended', ended: { reason: 'unanswered' } });
    one.port.receive({ type: 'answer', callId: k.call.callId });
    expect(one.errors()).toEqual(['noSuchCall']);
  });

  it('ends at once when no desk is signed in, and when the last desk leaves while it rings', () => {
    const k = kiosk(kioskA);
    expect(k.states.map((s) => s.phase)).toEqual(['ringing', 'ended']);
    expect(k.last().ended?.reason).toBe('noDesk');

    const one = desk(hub, 'OFF-1');
    const two = desk(hub, 'OFF-2');
    const again = kiosk(kioskA);
    one.port.detach();
    expect(again.last().phase).toBe('ringing');
    two.port.detach();
    expect(again.last().ended?.reason).toBe('noDesk');
  });

  it('tells each side why the call ended: desk hung up, kiosk hung up, desk left, media dropped, media never connected', () => {
    const one = desk(hub);
    const cases = [
      { act: (id: string) => one.port.receive({ type: 'hangUp', callId: id }), reason: 'deskHungUp' },
      { act: (id: string) => one.port.receive({ type: 'mediaFailed', callId: id }), reason: 'mediaFailed' },
      { act: (id: string) => one.port.receive({ type: 'mediaNotConnected', callId: id }), reason: 'mediaNotConnected' },
      { act: (_id: string, k: ReturnType<typeof kiosk>) => k.call.end('mediaNotConnected'), reason: 'mediaNotConnected' },
      { act: (_id: string, k: ReturnType<typeof kiosk>) => k.call.end('kioskHungUp'), reason: 'kioskHungUp' },
      { act: (_id: string, k: ReturnType<typeof kiosk>) => k.call.end('mediaFailed'), reason: 'mediaFailed' },
      { act: (_id: string, k: ReturnType<typeof kiosk>) => k.call.end('residentLeft'), reason: 'residentLeft' },
    ] as const;
    for (const { act, reason } of cases) {
      const k = kiosk(kioskA);
      one.port.receive({ type: 'answer', callId: k.call.callId });
      act(k.call.callId, k);
      expect(k.last().ended?.reason).toBe(reason);
      expect(one.calls().at(-1)).toMatchObject({ callId: k.call.callId, phase: 'ended', ended: { reason } });
      expect(k.call.end('kioskHungUp')).toBe(false); // once only
    }
    const k = kiosk(kioskA);
    one.port.receive({ type: 'answer', callId: k.call.callId });
    one.port.detach();
    expect(k.last().ended?.reason).toBe('deskLeft');
  });

  it('ends a call that reaches its maximum length', () => {
    const one = desk(hub);
    const k = kiosk(kioskA);
    vi.advanceTimersByTime(5_000);
    one.port.receive({ type: 'answer', callId: k.call.callId });
    vi.advanceTimersByTime(10 * 60_000);
    expect(k.last()).toMatchObject({ phase: 'ended', ended: { reason: 'tooLong' } });
    expect(k.last().answeredAt!.getTime() - k.last().placedAt.getTime()).toBe(5_000);
  });

  it('ends every call when the hub stops', () => {
    desk(hub);
    const k = kiosk(kioskA);
    hub.stop();
    expect(k.last().ended?.reason).toBe('kioskLeft');
  });
});

describe('help-call hub: the kiosks a desk watches', () => {
  it('sends the list on attach and again when a board changes, not when only its time moved', () => {
    const one = desk(hub);
    const lists = () => one.messages.filter((m) => m.type === 'kiosks').length;
    expect(one.kiosks()).toMatchObject([{ kioskId: 'K-A', postName: '东华门', board: { colour: 'green' }, call: null }]);
    vi.advanceTimersByTime(5_000);
    boardA = { ...boardA, at: new Date(Date.now() + 1000).toISOString() };
    vi.advanceTimersByTime(5_000);
    expect(lists()).toBe(1);
    boardA = board('K-A', 'red');
    vi.advanceTimersByTime(5_000);
    expect(lists()).toBe(2);
    expect(one.kiosks()[0]?.board?.colour).toBe('red');
  });

  it('shows a kiosk whose board cannot be computed with no board, and its ringing call to a desk attaching late', () => {
    const broken = hub.registerKiosk({ kioskId: 'K-X', postName: '坏', board: () => { throw new Error('journal locked'); } });
    desk(hub, 'OFF-1');
    const k = kiosk(broken);
    const late = desk(hub, 'OFF-2');
    expect(late.kiosks().find((entry) => entry.kioskId === 'K-X')).toMatchObject({ board: null, call: { callId: k.call.callId, phase: 'ringing' } });
  });

  it('refuses to register the same kiosk twice', () => {
    expect(() => hub.registerKiosk({ kioskId: 'K-A', postName: 'x', board: () => null })).toThrow(/already registered/);
  });
});
