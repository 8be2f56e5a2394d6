/**
 * How the results screen marks a state, besides its words: finished, waiting for the resident
 * (collect, pay), refused or stopped, or still with the police. Pure.
 */
import type { ApplicationStatus } from '../../../contract/applications';

export type StatusTone = 'finished' | 'actionNeeded' | 'stopped' | 'inProgress';

const TONES: Record<ApplicationStatus, StatusTone> = {
  submitted: 'inProgress',
  reviewing: 'inProgress',
  producing: 'inProgress',
  received: 'inProgress',
  readyForCollection: 'actionNeeded',
  awaitingPayment: 'actionNeeded',
  collected: 'finished',
  issued: 'finished',
  paid: 'finished',
  closed: 'finished',
  rejected: 'stopped',
  withdrawn: 'stopped',
  voided: 'stopped',
};

export const toneOf = (status: ApplicationStatus): StatusTone => TONES[status];

/** A mark that carries the tone without colour (screen readers get the words). */
export const TONE_MARK: Record<StatusTone, string> = { finished: '✔', actionNeeded: '!', stopped: '✕', inProgress: '…' };
