/**
 * Help: a video call from the kiosk to the post's duty desk (求助 / 一键报警).
 *
 * Signalling goes through the kiosk core (this contract on the kiosk side, contract/help-desk.ts on
 * the desk side); the media flows peer to peer over the police LAN with host candidates only — no
 * STUN or TURN server, nothing outside the post. The core relays offers, answers and candidates and
 * never sees or keeps a single frame: the journal holds who, when, how long and whether anyone answered.
 *
 * The kiosk places the call inside the resident's session; when the session ends (the resident
 * walked away, went home, or the screen closed) the call ends with it.
 */
import { z } from 'zod';

export const CallId = z.string().regex(/^[0-9a-f]{24}$/, 'a call id');
export type CallId = z.infer<typeof CallId>;

const SessionId = z.string().min(8).max(64);

/**
 * An ICE candidate line (RFC 8839 §5.1 grammar, as browsers write it): host candidates only, with an
 * IPv4, IPv6 or mDNS (`….local`) address. Server-reflexive and relay candidates would mean a STUN or
 * TURN server somewhere: refused.
 */
const HOST_CANDIDATE = /^candidate:[A-Za-z0-9+/]{1,32} \d{1,3} (?:udp|tcp|UDP|TCP) \d{1,10} [0-9A-Za-z.:%-]{1,80} \d{1,5} typ host(?: [\x21-\x7e][\x20-\x7e]{0,299})?$/;
export const HostCandidate = z.string().max(400).regex(HOST_CANDIDATE, 'a host ICE candidate');

/** True when every candidate an SDP carries inline is a host candidate (no STUN/TURN addresses). */
export function sdpHasOnlyHostCandidates(sdp: string): boolean {
  return sdp
    .split(/\r?\n/)
    .filter((line) => line.startsWith('a=candidate:'))
    .every((line) => HOST_CANDIDATE.test(line.slice(2)));
}

/** A session description: an audio and video offer or answer is a few kilobytes. */
export const Sdp = z
  .string()
  .min(10)
  .max(32_000)
  .refine((sdp) => sdp.startsWith('v=0'), 'an SDP starts with v=0')
  .refine(sdpHasOnlyHostCandidates, 'only host candidates');

/** One signalling message between the two peers of a call (relayed by the core, never stored). */
export const CallSignal = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('description'), type: z.enum(['offer', 'answer']), sdp: Sdp }),
  z.strictObject({
    kind: z.literal('candidate'),
    candidate: HostCandidate,
    sdpMid: z.string().max(32).nullable(),
    sdpMLineIndex: z.number().int().min(0).max(31).nullable(),
  }),
  z.strictObject({ kind: z.literal('endOfCandidates') }),
]);
export type CallSignal = z.infer<typeof CallSignal>;

export const CallPhase = z.enum(['ringing', 'inCall', 'ended']);
export type CallPhase = z.infer<typeof CallPhase>;

export const CallEndReason = z.enum([
  /** Nobody answered within the ring time. */
  'unanswered',
  /** No duty desk was signed in (or the last one left while it rang). */
  'noDesk',
  /** The resident pressed "hang up". */
  'kioskHungUp',
  /** The officer ended the call. */
  'deskHungUp',
  /** The resident's session ended mid-call: walked away (idle), went home, or the screen closed. */
  'residentLeft',
  /** The video connected and then dropped (network lost mid-call, ICE failure after it worked). */
  'mediaFailed',
  /** The desk's page closed or its network dropped. */
  'deskLeft',
  /** The kiosk's core is stopping. */
  'kioskLeft',
  /** The call reached its maximum length. */
  'tooLong',
  /**
   * The desk answered but the video never connected (ICE never reached "connected", or gave up
   * first): nothing was interrupted, the two sides never saw each other. Kept apart from
   * `mediaFailed` so the resident is not told a connection "dropped", and the journal and the desk
   * can tell a LAN that blocks the media from a call that was cut.
   */
  'mediaNotConnected',
]);

/** The media ends the screen (or the desk) reports: lost after it connected, or never connected. */
export const MediaEndReason = z.enum(['mediaFailed', 'mediaNotConnected']);
export type MediaEndReason = z.infer<typeof MediaEndReason>;
export type CallEndReason = z.infer<typeof CallEndReason>;

/** Ends where the resident did not reach an officer and must be given the phone numbers. */
export const ENDS_NEEDING_PHONE: ReadonlySet<CallEndReason> = new Set(['unanswered', 'noDesk', 'mediaFailed', 'mediaNotConnected', 'deskLeft', 'kioskLeft']);

const Instant = z.string().max(40);

/** The call as the kiosk's screen sees it. */
export const KioskCallView = z.object({
  callId: CallId,
  /** The emergency variant: rings louder and is marked urgent at the desk. */
  urgent: z.boolean(),
  phase: CallPhase,
  placedAt: Instant,
  ringSeconds: z.number().int().positive(),
  answeredAt: Instant.optional(),
  /** The duty alias of the officer who answered (e.g. "值班民警 3"), never a legal name. */
  officer: z.object({ alias: z.string().max(24) }).optional(),
  ended: z
    .object({
      reason: CallEndReason,
      at: Instant,
      answered: z.boolean(),
      /** The staff ticket opened because nobody answered. */
      ticketNumber: z.string().max(48).optional(),
    })
    .optional(),
});
export type KioskCallView = z.infer<typeof KioskCallView>;

export const HelpRefusalReason = z.enum([
  /** Video help is switched off at this kiosk (the phone numbers still apply). */
  'helpOff',
  /** The session is not this screen's active session. */
  'sessionNotActive',
  /** One call at a time per kiosk. */
  'callInProgress',
]);
export type HelpRefusalReason = z.infer<typeof HelpRefusalReason>;

/** How the screen watches the media: give up when it does not connect, or stays lost, this long. */
export const CallMediaLimits = z.object({
  connectSeconds: z.number().int().positive(),
  lossSeconds: z.number().int().positive(),
});
export type CallMediaLimits = z.infer<typeof CallMediaLimits>;

export const helpCallMethods = {
  /** Places a call to the duty desk inside the caller's session; then `help.call.state` events follow. */
  'help.call.start': {
    params: z.strictObject({ sessionId: SessionId, urgent: z.boolean() }),
    result: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        call: KioskCallView,
        media: CallMediaLimits,
      }),
      z.object({ ok: z.literal(false), reason: HelpRefusalReason, message: z.string().max(300) }),
    ]),
  },
  /** An offer, answer or candidate for the officer's page; `delivered: false` when the call is not in progress. */
  'help.call.signal': {
    params: z.strictObject({ callId: CallId, signal: CallSignal }),
    result: z.object({ delivered: z.boolean() }),
  },
  /** The resident hung up, or the screen found the media lost (`mediaFailed`) or never connected (`mediaNotConnected`). Safe to repeat. */
  'help.call.end': {
    params: z.strictObject({ callId: CallId, reason: z.enum(['kioskHungUp', ...MediaEndReason.options]) }),
    result: z.object({ ended: z.boolean() }),
  },
} as const;

/** Events for the screen that placed the call only. */
export const helpCallEvents = {
  'help.call.state': KioskCallView,
  'help.call.signal': z.object({ callId: CallId, signal: CallSignal }),
} as const;
