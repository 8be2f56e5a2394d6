/**
 * Plugs the temporary-ID flow into the kiosk core: `createTempIdCardLauncher(deps)` gives the
 * FlowLauncher the flow registry runs, `resumeTempIdPrint` is this service's answer to start-up
 * recovery, and `tempIdCardModule` adapts both to the runtime's ServiceModule shape.
 */
import { DEFAULT_TIME_ZONE } from '../../contract/clock';
import { err } from '../../contract/result';
import type { TempIdState } from '../../contract/flows/temp-id-card';
import type { FlowLauncher } from '../core/flow-registry';
import { startFlow } from '../flows/framework';
import type { PoliceGateway } from '../gateway/types';
import type { Journal } from '../journal/journal';
import type { TransactionWithSteps } from '../journal/types';
import type { Logger } from '../log/logger';
import type { PaymentService } from '../payments/paymentService';
import type { ResumePrintResult } from '../recovery/recovery';
import { newTempIdContext, tempIdCardFlow, type TempIdDevices, type TempIdSettings } from './flow';
import { syntheticPhotoSource, type RegistryPhotoSource } from './portrait';
import type { ServiceModule } from '../host/runtime';

/** Defaults for the settings the configuration does not (yet) hold. */
export const TEMP_ID_DEFAULTS = {
  maxFaceAttempts: 3,
  paymentTimeoutMs: 180_000,
  paymentPollMs: 1_500,
  cardPrintTimeoutMs: 60_000,
  receiptPrintTimeoutMs: 15_000,
  stateTimeoutMs: {
    notice: 120_000,
    identity: 180_000,
    eligibility: 45_000,
    face: 120_000,
    faceCheck: 30_000,
    confirm: 120_000,
    // paymentTimeoutMs plus time to cancel and re-check the order
    payment: 240_000,
    printing: 180_000,
    done: 10_000,
  } satisfies Record<TempIdState, number>,
} as const;

export interface TempIdLauncherDeps {
  gateway: PoliceGateway;
  payments: PaymentService;
  journal: Journal;
  devices: TempIdDevices;
  /** `services.tempIdCard` of the configuration plus the post's name and jurisdiction. */
  settings: Pick<TempIdSettings, 'enabled' | 'feeFen' | 'localRegistrationOnly' | 'issuingAuthority' | 'validityMonths' | 'jurisdictionCode' | 'postName'> &
    Partial<Omit<TempIdSettings, 'stateTimeoutMs'>> & { stateTimeoutMs?: Partial<Record<TempIdState, number>> };
  /** The photo on file printed on the card; default: the synthetic portrait for the photo reference. */
  registryPhoto?: RegistryPhotoSource;
  log?: Logger;
  /** Clock (tests pin it to the simulator's FIXTURE_NOW). */
  now?: () => Date;
  /** How long an aborted flow may take to settle (cancel + re-check an order, finish a card). */
  settleGraceMs?: number;
}

/** Fills in defaults for every setting the caller left out. */
export function resolveTempIdSettings(settings: TempIdLauncherDeps['settings']): TempIdSettings {
  return {
    maxFaceAttempts: TEMP_ID_DEFAULTS.maxFaceAttempts,
    paymentTimeoutMs: TEMP_ID_DEFAULTS.paymentTimeoutMs,
    paymentPollMs: TEMP_ID_DEFAULTS.paymentPollMs,
    cardPrintTimeoutMs: TEMP_ID_DEFAULTS.cardPrintTimeoutMs,
    receiptPrintTimeoutMs: TEMP_ID_DEFAULTS.receiptPrintTimeoutMs,
    timeZone: DEFAULT_TIME_ZONE,
    ...settings,
    stateTimeoutMs: { ...TEMP_ID_DEFAULTS.stateTimeoutMs, ...settings.stateTimeoutMs },
  };
}

/** Creates the launcher the flow registry calls for `tempIdCard`. */
export function createTempIdCardLauncher(deps: TempIdLauncherDeps): FlowLauncher {
  const settings = resolveTempIdSettings(deps.settings);
  const definition = tempIdCardFlow(settings);
  const now = deps.now ?? (() => new Date());
  return ({ sessionId, onProgress, readiness }) => {
    const context = newTempIdContext({
      readiness,
      gateway: deps.gateway,
      payments: deps.payments,
      journal: deps.journal,
      devices: deps.devices,
      settings,
      registryPhoto: deps.registryPhoto ?? syntheticPhotoSource,
      now,
      ...(deps.log ? { log: deps.log.child('temp-id') } : {}),
    });
    const flow = startFlow(definition, context, { onProgress, now, settleGraceMs: deps.settleGraceMs ?? 90_000 });
    context.cancelSelf = () => void flow.send({ type: 'cancel' });
    deps.log?.child('temp-id').info('temp-id-started', { flowId: flow.flowId, session: sessionId.slice(0, 8) });
    return flow;
  };
}

/**
 * Start-up recovery for a paid temporary-ID transaction that was not printed. The journal holds
 * no personal data by design (masked number and a keyed hash only), so the card cannot be
 * composed again without the resident: the answer is "cannot reprint", and recovery refunds the
 * fee and opens a staff ticket (which also asks staff to check the card hopper, in case the card
 * came out just before the restart). `undefined` for other services' transactions.
 */
export function resumeTempIdPrint(transaction: TransactionWithSteps): Promise<ResumePrintResult> | undefined {
  if (transaction.service !== 'tempIdCard') return undefined;
  return Promise.resolve(err({ reason: 'card data is not kept after a restart; check the card hopper for a printed card' }));
}

/** The service as the runtime plugs it in (services/host/runtime.ts ServiceModule). */
export const tempIdCardModule: ServiceModule = {
  // The card printer is what the fee pays for; the reader has the keypad as fallback, the receipt is
  // reprintable by staff, and the payment QR works without the scanner.
  needs: {
    tempIdCard: [
      { kind: 'cardPrinter', required: true },
      { kind: 'idCardReader', required: false },
      { kind: 'receiptPrinter', required: false },
      { kind: 'qrScanner', required: false },
    ],
  },
  launcher(services) {
    const { config } = services;
    const { kiosk } = config;
    const service = config.services.tempIdCard;
    return {
      tempIdCard: createTempIdCardLauncher({
        gateway: services.gateway,
        payments: services.payments,
        journal: services.journal,
        devices: services.devices,
        log: services.log,
        settings: {
          enabled: service.enabled,
          feeFen: service.feeFen,
          localRegistrationOnly: service.localRegistrationOnly,
          issuingAuthority: service.issuingAuthority,
          validityMonths: service.validityMonths,
          jurisdictionCode: kiosk.jurisdictionCode,
          postName: kiosk.postName,
          timeZone: kiosk.timeZone,
          maxFaceAttempts: service.maxFaceAttempts,
          paymentTimeoutMs: service.paymentTimeoutSeconds * 1000,
        },
      }),
    };
  },
  resumePrint: (_services, transaction) => resumeTempIdPrint(transaction),
};
