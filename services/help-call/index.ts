/**
 * Help: the video call to the duty desk, in the core. One hub (signalling between kiosks and desks),
 * this kiosk registered with it, the kiosk screen's methods, and the desk page's listener with its
 * staff sign-in. Media never passes through here.
 */
import { fileURLToPath } from 'node:url';
import type { Board } from '../../contract/four-colour';
import type { KioskConfig } from '../config/schema';
import type { CoreEventListener } from '../core/kiosk-core';
import type { Journal } from '../journal/journal';
import type { Logger } from '../log/logger';
import { DeskAuth } from './desk-auth';
import { startDeskHost, type DeskHost } from './desk-host';
import { createHelpCallHandlers, type HelpCallHandlers } from './handlers';
import { HelpDeskHub } from './hub';
import { KioskCalls, type CallActivity } from './kiosk-calls';

export interface HelpCallServiceOptions {
  config: KioskConfig;
  journal: Journal;
  log: Logger;
  /** This kiosk's four-colour board, for the desk (the staff console computes it). */
  board: () => Board | null;
  /** The built desk page; default dist/desk beside the project (or beside the Electron bundle's out/). */
  deskStaticDir?: string;
}

export interface HelpCallService {
  /**
   * Connects the kiosk screen's side to the core: its event feed, who owns which session, and who
   * hears that a session's resident is in a call (ringing or talking) and when it is over.
   */
  attach(hooks: { emit: CoreEventListener; sessionOwnedBy: (sessionId: string, connectionId: string | undefined) => boolean; inCall?: CallActivity }): HelpCallHandlers;
  /** A resident's session ended: a call inside it ends. */
  sessionEnded(sessionId: string): void;
  /** Starts the desk page's listener (when help is on); its address, or undefined. */
  startDesk(): Promise<DeskHost | undefined>;
  readonly hub: HelpDeskHub;
  /** Ends the call in progress and closes the desk listener. */
  stop(): Promise<void>;
}

export function createHelpCallService(options: HelpCallServiceOptions): HelpCallService {
  const { config, journal, log } = options;
  const help = config.services.help;
  const hub = new HelpDeskHub({ ringSeconds: help.ringSeconds, maxCallMinutes: help.maxCallMinutes, boardRefreshSeconds: help.desk.boardRefreshSeconds, log });
  const port = hub.registerKiosk({
    kioskId: config.kiosk.id,
    postName: config.kiosk.postName,
    ...(config.kiosk.postNameEn ? { postNameEn: config.kiosk.postNameEn } : {}),
    board: options.board,
  });
  const calls = new KioskCalls({ config: help, journal, port, log, desksOnline: () => hub.desksOnline });
  let desk: DeskHost | undefined;

  return {
    hub,
    attach({ emit, sessionOwnedBy, inCall }) {
      calls.connect(emit, inCall);
      return createHelpCallHandlers(calls, sessionOwnedBy);
    },
    sessionEnded: (sessionId) => calls.sessionEnded(sessionId),
    async startDesk() {
      if (!help.enabled || desk) return desk;
      const auth = new DeskAuth({ staff: config.staff, db: journal.database, sessionHours: help.desk.sessionHours });
      const staticDir = options.deskStaticDir ?? fileURLToPath(new URL('../../dist/desk/', import.meta.url));
      desk = await startDeskHost({ config: help.desk, hub, auth, staticDir, log: log.child('desk') });
      return desk;
    },
    async stop() {
      calls.stop();
      hub.stop();
      port.unregister();
      await desk?.close();
      desk = undefined;
    },
  };
}
