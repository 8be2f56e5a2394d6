/**
 * The kiosk screen's help-call methods (contract/help-call.ts) on the core's dispatcher. A call is
 * placed inside the caller's own active session; signalling and hanging up are accepted only from
 * the screen that placed the call.
 */
import type { helpCallMethods } from '../../contract/help-call';
import type { Handlers } from '../api/dispatcher';
import type { KioskCalls } from './kiosk-calls';

export type HelpCallHandlers = Pick<Handlers, keyof typeof helpCallMethods>;

export function createHelpCallHandlers(calls: KioskCalls, sessionOwnedBy: (sessionId: string, connectionId: string | undefined) => boolean): HelpCallHandlers {
  return {
    'help.call.start': ({ sessionId, urgent }, { connectionId }) =>
      sessionOwnedBy(sessionId, connectionId)
        ? calls.start(sessionId, connectionId, urgent)
        : { ok: false, reason: 'sessionNotActive', message: 'that session is not the active one on this screen' },
    'help.call.signal': ({ callId, signal }, { connectionId }) => ({ delivered: calls.signal(connectionId, callId, signal) }),
    'help.call.end': ({ callId, reason }, { connectionId }) => ({ ended: calls.end(connectionId, callId, reason) }),
  };
}

/** A core without the help service: every call is refused as switched off (the phone numbers still apply). */
export function refusingHelpCallHandlers(): HelpCallHandlers {
  return {
    'help.call.start': () => ({ ok: false, reason: 'helpOff', message: 'this kiosk has no video help' }),
    'help.call.signal': () => ({ delivered: false }),
    'help.call.end': () => ({ ended: false }),
  };
}
