/**
 * The progress query's own work, as actors the machine invokes: the registry lookup of a typed
 * number (before the face comparison) and the query itself. Each returns a plain outcome; the
 * machine decides what it means. Read-only: nothing is journalled.
 */
import { fromPromise } from 'xstate';
import { calendarDate } from '../../contract/clock';
import { isTrackingNo } from '../../contract/applications';
import type { NumberPrefix, ProgressEntry } from '../../contract/flows/progress';
import type { Application, TipOffStatus } from '../gateway/types';
import { withGatewayRetries, type KitDeps } from '../kit/deps';

/** The service's settings (configuration `services.progress` and defaults). */
export interface ProgressSettings {
  enabled: boolean;
  prefixes: readonly NumberPrefix[];
  maxFaceAttempts: number;
  timeouts: Record<'choose' | 'number' | 'identity' | 'lookup' | 'face' | 'faceCheck' | 'querying' | 'results', number>;
}

export interface ProgressDeps {
  kit: KitDeps;
  settings: ProgressSettings;
}

/** A typed number, upper-cased and without spaces; undefined when it is not one of the accepted kinds. */
export function acceptedNumber(typed: string, prefixes: readonly NumberPrefix[]): string | undefined {
  const value = typed.replace(/\s+/g, '').toUpperCase();
  const prefix = prefixes.find((p) => value.startsWith(p));
  if (!prefix) return undefined;
  if (prefix === 'JB') return isTrackingNo(value) ? value : undefined;
  return /^SQ\d{8,20}$/.test(value) ? value : undefined;
}

const onDate = (iso: string, timeZone: string) => calendarDate(new Date(iso), timeZone);

/** An application as the results screen shows it: dates in the post's time zone. */
export function toEntry(application: Application, timeZone: string): ProgressEntry {
  return {
    applicationNo: application.applicationNo,
    kind: application.kind,
    status: application.status,
    submittedOn: onDate(application.submittedAt, timeZone),
    updatedOn: onDate(application.updatedAt, timeZone),
    ...(application.pickUpPlace ? { pickUpPlace: application.pickUpPlace } : {}),
    ...(application.dueDate ? { dueDate: application.dueDate } : {}),
    ...(application.amountFen !== undefined ? { amountFen: application.amountFen } : {}),
    ...(application.note ? { note: application.note } : {}),
  };
}

/** A tip-off found by its tracking number: category and state, never the text. */
export function tipOffEntry(status: TipOffStatus, timeZone: string): ProgressEntry {
  return {
    applicationNo: status.trackingNo,
    kind: 'tipOff',
    status: status.status,
    category: status.category,
    submittedOn: onDate(status.receivedAt, timeZone),
    updatedOn: onDate(status.updatedAt, timeZone),
    ...(status.note ? { note: status.note } : {}),
  };
}

// The registry look-up is the kit's (services/kit/steps/registry-lookup.ts); tip-off uses it too.
export { lookUpResident, type LookupOutcome } from '../kit/steps/registry-lookup';

export type QueryOutcome = { ok: true; applications: ProgressEntry[] } | { ok: false; reason: 'identityNotFound' | 'backendUnavailable'; message: string };

/**
 * The query: a person's applications (all, or one by number), or a tip-off by its tracking number
 * alone. A number that finds nothing is an empty list, not a failure: the screen says so.
 */
export const queryProgress = fromPromise<QueryOutcome, { deps: ProgressDeps; idNumber?: string; applicationNo?: string }>(async ({ input }) => {
  const { kit } = input.deps;
  const timeZone = kit.post.timeZone;
  if (input.idNumber === undefined) {
    if (!input.applicationNo || !isTrackingNo(input.applicationNo)) return { ok: false, reason: 'backendUnavailable', message: 'a query without identity needs a tracking number' };
    const status = await withGatewayRetries(() => kit.gateway.getTipOffStatus({ trackingNo: input.applicationNo! }));
    if (status.ok) return { ok: true, applications: [tipOffEntry(status.value, timeZone)] };
    if (status.error.code === 'notFound') return { ok: true, applications: [] };
    return { ok: false, reason: 'backendUnavailable', message: `getTipOffStatus: ${status.error.kind}` };
  }
  const progress = await withGatewayRetries(() => kit.gateway.getApplicationProgress({ idNumber: input.idNumber!, ...(input.applicationNo ? { applicationNo: input.applicationNo } : {}) }));
  if (progress.ok) return { ok: true, applications: progress.value.applications.map((a) => toEntry(a, timeZone)) };
  if (progress.error.code === 'notFound') {
    return input.applicationNo ? { ok: true, applications: [] } : { ok: false, reason: 'identityNotFound', message: 'no registry record for the number' };
  }
  return { ok: false, reason: 'backendUnavailable', message: `getApplicationProgress: ${progress.error.kind}` };
});
