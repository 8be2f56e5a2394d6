/**
 * The media link over a fake RTCPeerConnection: no ICE servers at all, the offer with the local
 * tracks, candidates held until the remote description, only host candidates sent, and giving up
 * once with why (ICE failed, never connected, lost for too long, a bad description).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallSignal } from '../../contract/help-call';
import { LAN_ONLY, PeerLink, type LinkFailure, type LinkState } from './peer-link';

class FakePeer {
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  transceivers: { kind: string; direction: string; track: boolean }[] = [];
  added: RTCIceCandidateInit[] = [];
  closed = false;
  failDescription = false;
  onicecandidate: ((event: { candidate: Partial<RTCIceCandidate> | null }) => void) | null = null;
  ontrack: ((event: unknown) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  constructor(readonly configuration: RTCConfiguration) {}
  addTransceiver(trackOrKind: string | { kind: string }, init: { direction: string }) {
    this.transceivers.push({ kind: typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind, direction: init.direction, track: typeof trackOrKind !== 'string' });
  }
  addTrack() {}
  async createOffer() {
    return { type: 'offer' as const, sdp: 'v=0\r\noffer' };
  }
  async createAnswer() {
    return { type: 'answer' as const, sdp: 'v=0\r\nanswer' };
  }
  async setLocalDescription(description: RTCSessionDescriptionInit) {
    this.localDescription = description;
  }
  async setRemoteDescription() {
    if (this.failDescription) throw new Error('bad sdp');
  }
  async addIceCandidate(candidate: RTCIceCandidateInit) {
    this.added.push(candidate);
  }
  close() {
    this.closed = true;
  }
  to(connection: RTCPeerConnectionState, ice: RTCIceConnectionState = 'checking') {
    this.connectionState = connection;
    this.iceConnectionState = ice;
    this.onconnectionstatechange?.();
  }
}

function setUp(role: 'offerer' | 'answerer' = 'offerer') {
  const sent: CallSignal[] = [];
  const states: [LinkState, LinkFailure | undefined][] = [];
  let peer!: FakePeer;
  const tracks = [{ kind: 'audio' }, { kind: 'video' }];
  const local = { getTracks: () => tracks } as unknown as MediaStream;
  const link = new PeerLink({
    role,
    local,
    connectMs: 5_000,
    lossMs: 2_000,
    send: (signal) => sent.push(signal),
    onRemoteStream: () => {},
    onState: (state, why) => states.push([state, why]),
    createPeer: (configuration) => (peer = new FakePeer(configuration)) as unknown as RTCPeerConnection,
  });
  return { link, sent, states, peer: () => peer };
}

const HOST = 'candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host generation 0';

describe('PeerLink', () => {
  afterEach(() => vi.useRealTimers());

  it('uses no ICE servers at all', () => {
    const { peer } = setUp();
    expect(peer().configuration).toEqual(LAN_ONLY);
    expect(LAN_ONLY.iceServers).toEqual([]);
  });

  it('the offerer sends its camera and microphone and an offer', async () => {
    const { link, sent, peer } = setUp();
    await link.start();
    expect(peer().transceivers).toEqual([
      { kind: 'audio', direction: 'sendrecv', track: true },
      { kind: 'video', direction: 'sendrecv', track: true },
    ]);
    expect(sent).toEqual([{ kind: 'description', type: 'offer', sdp: 'v=0\r\noffer' }]);
  });

  it('sends host candidates only, then the end of candidates', () => {
    const { sent, peer } = setUp();
    peer().onicecandidate!({ candidate: { candidate: HOST, type: 'host', sdpMid: '0', sdpMLineIndex: 0 } });
    peer().onicecandidate!({ candidate: { candidate: 'candidate:2 1 udp 1686052607 203.0.113.7 54321 typ srflx raddr 0.0.0.0 rport 0', type: 'srflx', sdpMid: '0', sdpMLineIndex: 0 } });
    peer().onicecandidate!({ candidate: null });
    expect(sent).toEqual([{ kind: 'candidate', candidate: HOST, sdpMid: '0', sdpMLineIndex: 0 }, { kind: 'endOfCandidates' }]);
  });

  it('holds the other side’s candidates until its description arrives; the answerer answers an offer', async () => {
    const { link, sent, peer } = setUp('answerer');
    await link.receive({ kind: 'candidate', candidate: HOST, sdpMid: '0', sdpMLineIndex: 0 });
    expect(peer().added).toEqual([]);
    await link.receive({ kind: 'description', type: 'offer', sdp: 'v=0\r\noffer' });
    expect(sent).toEqual([{ kind: 'description', type: 'answer', sdp: 'v=0\r\nanswer' }]);
    expect(peer().added).toEqual([{ candidate: HOST, sdpMid: '0', sdpMLineIndex: 0 }]);
  });

  it('connects once, and gives up once when ICE fails', () => {
    const { states, peer } = setUp();
    peer().to('connecting');
    peer().to('connected', 'connected');
    peer().to('connected', 'connected');
    peer().to('failed', 'failed');
    peer().to('failed', 'failed');
    expect(states).toEqual([['connected', undefined], ['failed', 'iceFailed']]);
    expect(peer().closed).toBe(true);
  });

  it('gives up when it never connects in time', () => {
    vi.useFakeTimers();
    const { states } = setUp();
    vi.advanceTimersByTime(5_000);
    expect(states).toEqual([['failed', 'connectTimeout']]);
  });

  it('waits out a short interruption, and gives up on a long one', () => {
    vi.useFakeTimers();
    const { states, peer } = setUp();
    peer().to('connected', 'connected');
    peer().to('disconnected', 'disconnected');
    vi.advanceTimersByTime(1_500);
    peer().to('connected', 'connected');
    vi.advanceTimersByTime(5_000);
    expect(states).toEqual([['connected', undefined]]);
    peer().to('disconnected', 'disconnected');
    vi.advanceTimersByTime(2_000);
    expect(states).toEqual([['connected', undefined], ['failed', 'lost']]);
  });

  it('a description the browser refuses fails the link instead of throwing', async () => {
    const { link, states, peer } = setUp('answerer');
    peer().failDescription = true;
    await link.receive({ kind: 'description', type: 'offer', sdp: 'v=0\r\nbad' });
    expect(states).toEqual([['failed', 'iceFailed']]);
  });

  it('closing stops everything: no more signals or states', () => {
    vi.useFakeTimers();
    const { link, sent, states, peer } = setUp();
    link.close();
    expect(peer().closed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(states).toEqual([]);
    expect(sent).toEqual([]);
    expect(link.current).toBe('closed');
  });
});
