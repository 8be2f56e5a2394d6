/**
 * Shared step for a service that takes no money: nothing was delivered, so every effect the flow had
 * on the police backend is undone (gateway/compensation: one idempotent call per effect, journalled),
 * and a staff ticket is opened when staff must know — an effect that could not be undone, or a
 * reason the service names (e.g. a document whose signature did not verify). Ends with the ticket.
 */
import { fromPromise } from 'xstate';
import { compensateEffects } from '../../gateway/compensation';
import type { KitDeps } from '../deps';
import { logEvent } from '../deps';

export interface UndoInput {
  deps: KitDeps;
  transactionId: string;
  /** For the journal and staff (no personal data). */
  why: string;
  /** Open a ticket even when everything was undone, with these words for staff. */
  ticket?: string;
}

export type UndoOutput = { undone: boolean; ticketNo?: string };

export const undoEffects = fromPromise<UndoOutput, UndoInput>(async ({ input }) => {
  const { deps, transactionId, why } = input;
  const outcome = await compensateEffects(deps.journal, deps.gateway, transactionId, why);
  const undone = outcome.failed.length === 0;
  const words = [input.ticket, undone ? undefined : `backend not updated: ${outcome.failed.map((f) => f.message).join('; ')}`].filter(Boolean).join('; ');
  const opened = words ? deps.journal.openTicket(transactionId, `${why}; ${words}`.slice(0, 500)) : undefined;
  logEvent(deps, 'effects-undone', { tx: transactionId, undone, ticket: opened?.ok ? opened.value.number : undefined });
  return { undone, ...(opened?.ok ? { ticketNo: opened.value.number } : {}) };
});
