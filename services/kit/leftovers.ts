/**
 * The kit's safety net after any flow ended, however it ended (a machine that failed included):
 * a transaction still open is settled from its journal — money held and nothing delivered is
 * refunded with its backend effects undone and a staff ticket; an unpaid one is closed, its backend
 * effects (a free service's issued document) undone first.
 */
import { compensateEffects, pendingEffects } from '../gateway/compensation';
import { closeUnpaid, heldFen, logEvent, type KitDeps } from './deps';

export async function settleLeftovers(deps: KitDeps, transactionId: string | undefined, why: string): Promise<void> {
  const tx = transactionId ? deps.journal.find(transactionId) : undefined;
  if (!tx || tx.status !== 'open') return;
  if (tx.steps.some((step) => step.kind === 'printed')) {
    deps.journal.complete(tx.id);
    return;
  }
  if (heldFen(deps.journal, tx.id) === 0) {
    // A free service's effect that was never delivered (an issued document never printed) is undone too.
    if (pendingEffects(tx).length > 0) {
      const undone = await compensateEffects(deps.journal, deps.gateway, tx.id, why);
      if (undone.failed.length > 0) deps.journal.openTicket(tx.id, `${why}; backend not updated`.slice(0, 500));
    }
    closeUnpaid(deps, tx.id, why);
    return;
  }
  const refund = await deps.payments.refund(tx.id, why);
  const undone = await compensateEffects(deps.journal, deps.gateway, tx.id, why);
  if (!refund.ok) {
    deps.journal.recordStep(tx.id, { kind: 'handedToStaff', idempotencyKey: 'leftover', data: { reason: why.slice(0, 200) } });
    deps.journal.finish(tx.id, 'handedToStaff', `${why}; refund failed`.slice(0, 500));
  }
  deps.journal.openTicket(tx.id, `${why}; ${refund.ok ? 'refunded' : 'refund failed, money still taken'}${undone.failed.length > 0 ? '; backend not updated' : ''}`.slice(0, 500));
  logEvent(deps, 'flow-leftovers-settled', { tx: tx.id, refunded: refund.ok });
}
