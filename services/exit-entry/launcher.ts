/**
 * The exit-entry endorsement as a service module: its defaults (written once), the devices it
 * needs, its flow launcher on the service kit, and its answer to start-up recovery.
 */
import { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { exitEntryContract } from '../../contract/flows/exit-entry';
import { testPki } from '../../devices/travel-permit-sim/pki';
import type { KioskConfig } from '../config/schema';
import type { FlowLauncher } from '../core/flow-registry';
import type { KioskServices, ServiceModule } from '../host/runtime';
import { createKitLauncher, scaleTimeouts, type KitBase } from '../kit/launch';
import type { ServiceFlowSpec } from '../kit/runner';
import { openSealedScratch, type SealedScratch } from '../kit/sealed-scratch';
import type { CardBackPrinterPort, ExitEntryDeps, ExitEntrySettings, OcrReaderPort, PermitReaderPort } from './deps';
import { exitEntryMachine } from './machine';
import { presentExitEntry, presentExitEntryEnding } from './present';
import { exitEntryPrintIncomplete, resumeExitEntry } from './recovery';

/** Defaults for what the configuration does not hold. */
export const EXIT_ENTRY_DEFAULTS = {
  paymentPollMs: 1_500,
  apduTimeoutMs: 2_000,
  chipReadTimeoutMs: 20_000,
  cardBackTimeoutMs: 60_000,
  /** After a restart, how long recovery waits for the permit on the reader. */
  recoveryCardWaitMs: 5_000,
  timeouts: {
    notice: 120_000,
    permit: 180_000,
    reading: 30_000,
    face: 120_000,
    faceCheck: 30_000,
    eligibility: 45_000,
    choose: 180_000,
    confirm: 120_000,
    payment: 200_000,
    exchange: 15_000,
    approving: 45_000,
    writing: 30_000,
    // The card's back (up to a minute) and the receipt.
    printing: 90_000,
    settle: 30_000,
  },
} as const;

export type ExitEntrySettingsInput = Omit<ExitEntrySettings, 'paymentPollMs' | 'apduTimeoutMs' | 'chipReadTimeoutMs' | 'cardBackTimeoutMs' | 'timeouts'> &
  Partial<Pick<ExitEntrySettings, 'paymentPollMs' | 'apduTimeoutMs' | 'chipReadTimeoutMs' | 'cardBackTimeoutMs'>> & { timeouts?: Partial<ExitEntrySettings['timeouts']> };

export function resolveExitEntrySettings(input: ExitEntrySettingsInput): ExitEntrySettings {
  const { paymentPollMs, apduTimeoutMs, chipReadTimeoutMs, cardBackTimeoutMs } = EXIT_ENTRY_DEFAULTS;
  return { paymentPollMs, apduTimeoutMs, chipReadTimeoutMs, cardBackTimeoutMs, ...input, timeouts: { ...EXIT_ENTRY_DEFAULTS.timeouts, ...input.timeouts } };
}

/** The settings from the configuration fragment and the post. */
export function exitEntrySettingsOf(config: KioskConfig): ExitEntrySettingsInput {
  const service = config.services.exitEntry;
  return {
    enabled: service.enabled,
    offers: service.offers,
    destinations: service.destinations,
    fees: service.fees,
    rules: service.rules,
    jurisdictionCode: config.kiosk.jurisdictionCode,
    maxReadAttempts: service.maxReadAttempts,
    maxFaceAttempts: service.maxFaceAttempts,
    paymentTimeoutMs: service.paymentTimeoutSeconds * 1000,
    replaceMs: service.replaceSeconds * 1000,
  };
}

/** The country signing CAs trusted for passive authentication: configured, or the simulator's test CSCA in development only. */
export function trustAnchorsOf(config: KioskConfig): X509Certificate[] {
  const configured = config.services.exitEntry.trustAnchors.map((pem) => new X509Certificate(pem));
  if (configured.length > 0 || config.kiosk.mode === 'production') return configured;
  return [testPki().csca];
}

/** The kit's view of the machine: its contract, how it is shown, which events go to a step. */
export const exitEntryFlowSpec: ServiceFlowSpec<typeof exitEntryMachine> = {
  contract: exitEntryContract,
  machine: exitEntryMachine,
  present: presentExitEntry,
  presentEnding: presentExitEntryEnding,
  forwards: { ocrLineTyped: 'permit', faceCaptured: 'face', cameraUnavailable: 'face' },
};

export interface ExitEntryLauncherDeps extends KitBase {
  settings: ExitEntrySettingsInput;
  reader(): PermitReaderPort | undefined;
  ocrReader(): OcrReaderPort | undefined;
  cardPrinter(): CardBackPrinterPort | undefined;
  trustAnchors: readonly X509Certificate[];
  scratch: SealedScratch;
}

export function createExitEntryLauncher(deps: ExitEntryLauncherDeps): FlowLauncher {
  const settings = resolveExitEntrySettings(deps.settings);
  return createKitLauncher({
    service: 'exitEntry',
    spec: exitEntryFlowSpec,
    base: deps,
    input: (kit, timeScale): { deps: ExitEntryDeps } => ({
      deps: {
        kit,
        // Elderly mode: more time where the resident acts, not for the machines.
        settings: { ...settings, replaceMs: settings.replaceMs * timeScale, timeouts: scaleTimeouts(settings.timeouts, timeScale) },
        reader: deps.reader,
        ocrReader: deps.ocrReader,
        cardPrinter: deps.cardPrinter,
        trustAnchors: deps.trustAnchors,
        scratch: deps.scratch,
      },
    }),
    transactionOf: (context) => (context as { transactionId?: string }).transactionId,
  });
}

/** One sealed scratch per data directory (recovery needs it before the launcher exists). */
const scratches = new Map<string, SealedScratch>();
function scratchOf(services: KioskServices): SealedScratch {
  const dir = resolve(services.config.dataDir);
  let scratch = scratches.get(dir);
  if (!scratch) scratches.set(dir, (scratch = openSealedScratch(dir)));
  return scratch;
}

/** The service as the runtime plugs it in (services/host/runtime.ts ServiceModule). */
export const exitEntryModule: ServiceModule = {
  // The reader is how the permit is read and written; the card printer prints the endorsement on the
  // card's back. The OCR line can be typed, the receipt is reprintable, the QR works without the scanner.
  needs: {
    exitEntry: [
      { kind: 'contactlessReader', required: true },
      { kind: 'cardPrinter', required: true },
      { kind: 'ocrReader', required: false },
      { kind: 'receiptPrinter', required: false },
      { kind: 'qrScanner', required: false },
    ],
  },
  launcher(services) {
    const { config, devices, journal } = services;
    const scratch = scratchOf(services);
    // What a crash left sealed for transactions that are no longer open goes now.
    const swept = scratch.sweep((transactionId) => journal.find(transactionId)?.status === 'open');
    if (swept > 0) services.log.warn('exit-entry-scratch-swept', { files: swept });
    return {
      exitEntry: createExitEntryLauncher({
        gateway: services.gateway,
        payments: services.payments,
        journal,
        devices,
        log: services.log,
        post: { name: config.kiosk.postName, timeZone: config.kiosk.timeZone },
        settings: exitEntrySettingsOf(config),
        reader: () => devices.contactlessReader(),
        ocrReader: () => devices.ocrReader(),
        cardPrinter: () => devices.cardPrinter(),
        trustAnchors: trustAnchorsOf(config),
        scratch,
      }),
    };
  },
  resumePrint(services, transaction) {
    if (transaction.service !== 'exitEntry') return undefined;
    const { config, devices } = services;
    const offers = config.services.exitEntry.offers;
    return resumeExitEntry(
      {
        journal: services.journal,
        scratch: scratchOf(services),
        reader: () => devices.contactlessReader(),
        cardPrinter: () => devices.cardPrinter(),
        receiptPrinter: () => devices.receiptPrinter(),
        post: { name: config.kiosk.postName, timeZone: config.kiosk.timeZone, receiptPrintTimeoutMs: 15_000 },
        stayDays: (type) => offers.find((offer) => offer.type === type)?.stayDays ?? 7,
        apduTimeoutMs: EXIT_ENTRY_DEFAULTS.apduTimeoutMs,
        cardWaitMs: EXIT_ENTRY_DEFAULTS.recoveryCardWaitMs,
        cardBackTimeoutMs: EXIT_ENTRY_DEFAULTS.cardBackTimeoutMs,
      },
      transaction,
    );
  },
  printIncomplete: (_services, transaction) => exitEntryPrintIncomplete(transaction),
};
