/**
 * The duty desk's wire protocol: the officer's web page and the kiosk core's desk host, over one
 * authenticated WebSocket (`DESK_WS_PATH`). JSON messages, each validated on receipt on both sides;
 * a malformed one is answered with an `error`, never acted on.
 *
 * The first message must sign in (staff code and PIN from the staff list, officers only) or resume a
 * desk session with its token. Until then nothing about kiosks or calls is sent, and every other
 * message is refused. Kiosks are listed by id: one desk watches every kiosk registered with the hub.
 */
import { z } from 'zod';
import { Board } from './four-colour';
import { CallEndReason, CallId, CallPhase, CallSignal } from './help-call';
import { Pin, StaffCode } from './staff';

export const DESK_WS_PATH = '/desk/ws';
/** Largest message either side sends (an SDP is a few kilobytes). */
export const DESK_MAX_MESSAGE_BYTES = 64 * 1024;

export const DeskToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a desk session token');

export const DeskClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('signIn'), staffId: StaffCode, pin: Pin }),
  z.strictObject({ type: z.literal('resume'), token: DeskToken }),
  z.strictObject({ type: z.literal('signOut') }),
  /** Takes a ringing call; the other desks see it taken. */
  z.strictObject({ type: z.literal('answer'), callId: CallId }),
  z.strictObject({ type: z.literal('hangUp'), callId: CallId }),
  /** The desk's side of the media connection dropped after it had connected (network drop). */
  z.strictObject({ type: z.literal('mediaFailed'), callId: CallId }),
  /** The desk's side of the media never connected (ICE never reached "connected" in time). */
  z.strictObject({ type: z.literal('mediaNotConnected'), callId: CallId }),
  z.strictObject({ type: z.literal('signal'), callId: CallId, signal: CallSignal }),
]);
export type DeskClientMessage = z.infer<typeof DeskClientMessage>;

export const DeskSession = z.object({
  token: DeskToken,
  staffId: StaffCode,
  alias: z.string().max(24),
  expiresAt: z.string().max(40),
});
export type DeskSession = z.infer<typeof DeskSession>;

export const DeskRefusalReason = z.enum([
  'wrongCredentials',
  'lockedOut',
  /** Only officers answer residents' calls (technicians use the kiosk's own console). */
  'notAnOfficer',
  'noStaffConfigured',
  /** The resume token is unknown or expired (e.g. the core restarted): sign in again. */
  'sessionExpired',
  /** A sign-in is already being checked on this connection. */
  'signInPending',
]);
export type DeskRefusalReason = z.infer<typeof DeskRefusalReason>;

/** A call as the desk sees it. */
export const DeskCallView = z.object({
  callId: CallId,
  kioskId: z.string().max(32),
  urgent: z.boolean(),
  phase: CallPhase,
  placedAt: z.string().max(40),
  ringSeconds: z.number().int().positive(),
  answeredAt: z.string().max(40).optional(),
  answeredBy: z.object({ staffId: StaffCode, alias: z.string().max(24) }).optional(),
  /** This desk answered it: the media and the hang-up are this desk's. */
  mine: z.boolean(),
  ended: z.object({ reason: CallEndReason, at: z.string().max(40) }).optional(),
});
export type DeskCallView = z.infer<typeof DeskCallView>;

export const DeskKiosk = z.object({
  kioskId: z.string().max(32),
  postName: z.string().max(40),
  postNameEn: z.string().max(60).optional(),
  /** The kiosk's four-colour board (null while it cannot be computed). */
  board: Board.nullable(),
  /** Its call now (ringing or in progress), if any. */
  call: DeskCallView.nullable(),
});
export type DeskKiosk = z.infer<typeof DeskKiosk>;

export const DeskErrorCode = z.enum([
  'badMessage',
  /** Sign in first. */
  'unauthorized',
  'noSuchCall',
  /** Another desk answered it, or it is not ringing any more. */
  'alreadyAnswered',
  /** Only the desk that answered may speak for the call. */
  'notYourCall',
  /** This desk is already in a call. */
  'busy',
]);
export type DeskErrorCode = z.infer<typeof DeskErrorCode>;

export const DeskSignOutReason = z.enum(['signedOut', 'expired', 'coreStopping']);

export const DeskServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('signedIn'), session: DeskSession }),
  z.object({
    type: z.literal('refused'),
    reason: DeskRefusalReason,
    message: z.string().max(300),
    lockedUntil: z.string().max(40).optional(),
  }),
  z.object({ type: z.literal('signedOut'), reason: DeskSignOutReason }),
  /** Every kiosk this desk watches (sent after sign-in and whenever a board or the list changes). */
  z.object({ type: z.literal('kiosks'), kiosks: z.array(DeskKiosk).max(64) }),
  /** A call changed: rings, was answered (by whom), ended (why). */
  z.object({ type: z.literal('call'), call: DeskCallView }),
  z.object({ type: z.literal('signal'), callId: CallId, signal: CallSignal }),
  z.object({ type: z.literal('error'), code: DeskErrorCode, message: z.string().max(300) }),
]);
export type DeskServerMessage = z.infer<typeof DeskServerMessage>;
