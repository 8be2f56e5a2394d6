/**
 * One side of a help call's media: an RTCPeerConnection with no ICE servers at all (host candidates
 * on the police LAN; no STUN, no TURN, nothing outside the post), the kiosk offering and the desk
 * answering, candidates trickled through the core's signalling. It watches the connection and gives
 * up — once, with why — when it does not connect in time, fails, or stays lost: the caller then says
 * so and offers the phone numbers. Shared by the kiosk screen and the duty desk page.
 */
import type { CallSignal } from '../../contract/help-call';

export type LinkFailure = 'iceFailed' | 'connectTimeout' | 'lost';
export type LinkState = 'connecting' | 'connected' | 'failed' | 'closed';

export interface PeerLinkOptions {
  /** The kiosk makes the offer; the desk answers it. */
  role: 'offerer' | 'answerer';
  /** Camera and microphone of this side (null: receive only). */
  local: MediaStream | null;
  send(signal: CallSignal): void;
  onRemoteStream(stream: MediaStream): void;
  onState(state: LinkState, failure?: LinkFailure): void;
  /** Give up when not connected this long after the link starts. */
  connectMs: number;
  /** Give up when the connection stays interrupted this long. */
  lossMs: number;
  createPeer?: (configuration: RTCConfiguration) => RTCPeerConnection;
}

/** No ICE servers: only this machine's own (host) addresses are offered. */
export const LAN_ONLY: RTCConfiguration = { iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceCandidatePoolSize: 0 };

export class PeerLink {
  private readonly pc: RTCPeerConnection;
  private readonly queued: RTCIceCandidateInit[] = [];
  private remoteDescribed = false;
  private state: LinkState = 'connecting';
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private lossTimer: ReturnType<typeof setTimeout> | undefined;
  private remote: MediaStream | undefined;

  constructor(private readonly options: PeerLinkOptions) {
    this.pc = (options.createPeer ?? ((configuration) => new RTCPeerConnection(configuration)))(LAN_ONLY);
    this.pc.onicecandidate = (event) => {
      if (this.state === 'closed' || this.state === 'failed') return;
      if (!event.candidate) return options.send({ kind: 'endOfCandidates' });
      // Only host candidates exist without ICE servers; anything else is not sent (the core refuses it anyway).
      if (!event.candidate.candidate || (event.candidate.type !== null && event.candidate.type !== 'host')) return;
      options.send({ kind: 'candidate', candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid, sdpMLineIndex: event.candidate.sdpMLineIndex });
    };
    this.pc.ontrack = (event) => {
      this.remote ??= event.streams[0] ?? new MediaStream();
      if (!this.remote.getTracks().includes(event.track)) this.remote.addTrack(event.track);
      options.onRemoteStream(this.remote);
    };
    this.pc.onconnectionstatechange = () => this.watch();
    this.pc.oniceconnectionstatechange = () => this.watch();
    this.connectTimer = setTimeout(() => this.fail('connectTimeout'), options.connectMs);
  }

  /** The offerer sends its offer; the answerer waits for one. */
  async start(): Promise<void> {
    if (this.options.role !== 'offerer') return;
    const local = this.options.local;
    for (const kind of ['audio', 'video'] as const) {
      const track = local?.getTracks().find((candidate) => candidate.kind === kind);
      if (track && local) this.pc.addTransceiver(track, { direction: 'sendrecv', streams: [local] });
      else this.pc.addTransceiver(kind, { direction: 'recvonly' });
    }
    await this.describe(await this.pc.createOffer());
  }

  /** A signal from the other side, through the core. Never throws: a bad one fails the link. */
  async receive(signal: CallSignal): Promise<void> {
    if (this.state === 'closed' || this.state === 'failed') return;
    try {
      if (signal.kind === 'description') {
        await this.pc.setRemoteDescription({ type: signal.type, sdp: signal.sdp });
        this.remoteDescribed = true;
        if (signal.type === 'offer') {
          for (const track of this.options.local?.getTracks() ?? []) this.pc.addTrack(track, this.options.local!);
          await this.describe(await this.pc.createAnswer());
        }
        for (const candidate of this.queued.splice(0)) await this.pc.addIceCandidate(candidate);
      } else if (signal.kind === 'candidate') {
        const candidate = { candidate: signal.candidate, sdpMid: signal.sdpMid, sdpMLineIndex: signal.sdpMLineIndex };
        if (this.remoteDescribed) await this.pc.addIceCandidate(candidate);
        else this.queued.push(candidate);
      }
    } catch {
      this.fail('iceFailed');
    }
  }

  /** Frames of the other side's video decoded so far (RTCPeerConnection statistics, inbound-rtp). */
  async framesDecoded(): Promise<number> {
    let frames = 0;
    const report = await this.pc.getStats();
    report.forEach((entry: { type?: string; kind?: string; framesDecoded?: number }) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') frames += entry.framesDecoded ?? 0;
    });
    return frames;
  }

  get current(): LinkState {
    return this.state;
  }

  close(): void {
    if (this.state === 'closed') return;
    this.clearTimers();
    this.state = 'closed';
    this.pc.onicecandidate = this.pc.ontrack = this.pc.onconnectionstatechange = this.pc.oniceconnectionstatechange = null;
    this.pc.close();
  }

  private async describe(description: RTCSessionDescriptionInit): Promise<void> {
    await this.pc.setLocalDescription(description);
    const local = this.pc.localDescription;
    if (local && (local.type === 'offer' || local.type === 'answer')) this.options.send({ kind: 'description', type: local.type, sdp: local.sdp });
  }

  private watch(): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    const connection = this.pc.connectionState;
    const ice = this.pc.iceConnectionState;
    if (connection === 'failed' || ice === 'failed') return this.fail('iceFailed');
    if (connection === 'closed') return this.fail('lost');
    if (connection === 'connected') {
      clearTimeout(this.connectTimer);
      clearTimeout(this.lossTimer);
      this.lossTimer = undefined;
      if (this.state !== 'connected') {
        this.state = 'connected';
        this.options.onState('connected');
      }
      return;
    }
    // Interrupted after it worked: wait a moment for it to come back before giving up.
    if (this.state === 'connected' && (connection === 'disconnected' || ice === 'disconnected') && !this.lossTimer) {
      this.lossTimer = setTimeout(() => this.fail('lost'), this.options.lossMs);
    }
  }

  private fail(why: LinkFailure): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    this.close();
    this.state = 'failed';
    this.options.onState('failed', why);
  }

  private clearTimers(): void {
    clearTimeout(this.connectTimer);
    clearTimeout(this.lossTimer);
  }
}
