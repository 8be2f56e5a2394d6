/**
 * The temporary ID card as a service module: its configuration defaults (written once), the devices
 * it needs, its flow launcher on the service kit, and its answer to start-up recovery.
 */
import { createKitLauncher, scaleTimeouts } from '../kit/launch';
import { tempIdContract } from '../../contract/flows/temp-id-card';
import { err } from '../../contract/result';
import type { FlowLauncher } from '../core/flow-registry';
import type { PoliceGateway } from '../gateway/types';
import type { Journal } from '../journal/journal';
import type { TransactionWithSteps } from '../journal/types';
import type { Logger } from '../log/logger';
import type { PaymentService } from '../payments/paymentService';
import type { ResumePrintResult } from '../recovery/recovery';
import type { ServiceModule } from '../host/runtime';
import type { KitDevices } from '../kit/deps';
import type { ServiceFlowSpec } from '../kit/runner';
import type { TempIdContext } from './context';
import { tempIdMachine } from './machine';
import { syntheticPhotoSource, type RegistryPhotoSource } from './portrait';
import { presentTempId, presentTempIdEnding } from './present';
import type { CardPrinterPort, TempIdSettings } from './work';

/** Defaults for the settings the configuration does not hold. */
export const TEMP_ID_DEFAULTS = {
  maxFaceAttempts: 3,
  paymentTimeoutMs: 180_000,
  paymentPollMs: 1_500,
  cardPrintTimeoutMs: 60_000,
  receiptPrintTimeoutMs: 15_000,
  timeouts: {
    notice: 120_000,
    identity: 180_000,
    eligibility: 45_000,
    face: 120_000,
    faceCheck: 30_000,
    confirm: 120_000,
    // The payment window (paymentTimeoutMs) plus time to cancel and re-check the order.
    payment: 240_000,
    exchange: 30_000,
    printing: 180_000,
    settle: 30_000,
  },
} as const;

export interface TempIdLauncherDeps {
  gateway: PoliceGateway;
  payments: PaymentService;
  journal: Journal;
  devices: KitDevices & { cardPrinter(): CardPrinterPort | undefined };
  settings: Pick<TempIdSettings, 'enabled' | 'feeFen' | 'localRegistrationOnly' | 'issuingAuthority' | 'validityMonths' | 'jurisdictionCode'> &
    Partial<Omit<TempIdSettings, 'timeouts'>> & { timeouts?: Partial<TempIdSettings['timeouts']>; postName: string; timeZone?: string; receiptPrintTimeoutMs?: number };
  /** The photo on file printed on the card; default: the synthetic portrait for the photo reference. */
  registryPhoto?: RegistryPhotoSource;
  log?: Logger;
  /** Clock (tests pin it to the simulator's FIXTURE_NOW). */
  now?: () => Date;
}

/** Fills in defaults for every setting the caller left out. */
export function resolveTempIdSettings(settings: TempIdLauncherDeps['settings']): TempIdSettings {
  return {
    maxFaceAttempts: TEMP_ID_DEFAULTS.maxFaceAttempts,
    paymentTimeoutMs: TEMP_ID_DEFAULTS.paymentTimeoutMs,
    paymentPollMs: TEMP_ID_DEFAULTS.paymentPollMs,
    cardPrintTimeoutMs: TEMP_ID_DEFAULTS.cardPrintTimeoutMs,
    ...settings,
    timeouts: { ...TEMP_ID_DEFAULTS.timeouts, ...settings.timeouts },
  };
}

/** The kit's view of the temporary ID machine: its contract, how it is shown, which events go to a step. */
export const tempIdFlowSpec: ServiceFlowSpec<typeof tempIdMachine> = {
  contract: tempIdContract,
  machine: tempIdMachine,
  present: presentTempId,
  presentEnding: presentTempIdEnding,
  forwards: { idNumberEntered: 'identity', faceCaptured: 'face', cameraUnavailable: 'face' },
};

/** Creates the launcher the flow registry calls for `tempIdCard`. */
export function createTempIdCardLauncher(deps: TempIdLauncherDeps): FlowLauncher {
  const settings = resolveTempIdSettings(deps.settings);
  return createKitLauncher({
    service: 'tempIdCard',
    spec: tempIdFlowSpec,
    base: { ...deps, post: { name: deps.settings.postName, timeZone: deps.settings.timeZone, receiptPrintTimeoutMs: deps.settings.receiptPrintTimeoutMs ?? TEMP_ID_DEFAULTS.receiptPrintTimeoutMs } },
    input: (kit, timeScale) => ({
      deps: {
        kit,
        settings: { ...settings, timeouts: scaleTimeouts(settings.timeouts, timeScale), paymentTimeoutMs: settings.paymentTimeoutMs * timeScale },
        cardPrinter: () => deps.devices.cardPrinter(),
        registryPhoto: deps.registryPhoto ?? syntheticPhotoSource,
      },
    }),
    transactionOf: (context) => (context as TempIdContext).transactionId,
  });
}

/**
 * Start-up recovery for a paid temporary-ID transaction that was not printed. The journal holds
 * no personal data by design (masked number and a keyed hash only), so the card cannot be
 * composed again without the resident: the answer is "cannot reprint", and recovery refunds the
 * fee, withdraws the application and opens a staff ticket (which also asks staff to check the card
 * hopper, in case the card came out just before the restart).
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
