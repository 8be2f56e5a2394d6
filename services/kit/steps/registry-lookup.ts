/**
 * Shared step: a typed ID number must be in the registry before a face is compared against it
 * (a card on the reader is its own proof). Read-only; a plain outcome the machine decides on.
 */
import { fromPromise } from 'xstate';
import { withGatewayRetries, type KitDeps } from '../deps';

export type LookupOutcome =
  { ok: true } | { ok: false; reason: 'identityNotFound' | 'backendUnavailable'; message: string };

export const lookUpResident = fromPromise<LookupOutcome, { deps: { kit: KitDeps }; idNumber: string }>(
  async ({ input }) => {
    const found = await withGatewayRetries(() => input.deps.kit.gateway.verifyIdentity({ idNumber: input.idNumber }));
    if (found.ok) return { ok: true };
    if (found.error.code === 'notFound')
      return { ok: false, reason: 'identityNotFound', message: 'no registry record for the number' };
    return { ok: false, reason: 'backendUnavailable', message: `verifyIdentity: ${found.error.kind}` };
  },
);
