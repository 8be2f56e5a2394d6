/**
 * The no-criminal-record certificate as a service module: its defaults (written once), the devices
 * it needs, its flow launcher on the service kit, and its answer to start-up recovery.
 *
 * The journal holds masked data only, so a certificate that was issued and not printed is kept by
 * its NUMBER (the journal's reprint record): a reprint — after a restart, or by staff — fetches it
 * again from the backend by that number, verifies its signature again and prints it under the same
 * printer job id (`documentJobId`), so it is never printed twice.
 */
import { err, ok } from '../../contract/result';
import { createKitLauncher, scaleTimeouts } from '../kit/launch';
import { calendarDate } from '../../contract/clock';
import { noCriminalRecordContract } from '../../contract/flows/no-criminal-record';
import type { FlowLauncher } from '../core/flow-registry';
import { printIssuedDocument, trustedIssuerKeys, warmUpDocumentFonts, type A4Printer, type IssuerKey } from '../documents';
import type { PoliceGateway } from '../gateway/types';
import type { ServiceModule } from '../host/runtime';
import type { Journal } from '../journal/journal';
import type { TransactionWithSteps } from '../journal/types';
import type { Logger } from '../log/logger';
import type { PaymentService } from '../payments/paymentService';
import type { ResumePrintResult } from '../recovery/recovery';
import { isNetwork, type KitDevices } from '../kit/deps';
import type { ServiceFlowSpec } from '../kit/runner';
import { noCriminalRecordMachine, type NoCriminalRecordContext } from './machine';
import { presentNoCriminalRecord, presentNoCriminalRecordEnding } from './present';
import { SAVED_CERTIFICATE, type NoCriminalRecordSettings } from './work';

/** Defaults for what the configuration does not hold. */
export const NO_CRIMINAL_RECORD_DEFAULTS = {
  printTimeoutMs: 120_000,
  timeouts: {
    notice: 120_000,
    identity: 180_000,
    lookup: 45_000,
    face: 120_000,
    faceCheck: 30_000,
    purpose: 180_000,
    checking: 45_000,
    statement: 240_000,
    issuing: 60_000,
    // The print time-out plus time to hand over to staff.
    printing: 150_000,
    undo: 30_000,
  },
} as const;

export type NoCriminalRecordSettingsInput = Omit<NoCriminalRecordSettings, 'printTimeoutMs' | 'timeouts'> & { printTimeoutMs?: number; timeouts?: Partial<NoCriminalRecordSettings['timeouts']> };

export interface NoCriminalRecordLauncherDeps {
  gateway: PoliceGateway;
  payments: PaymentService;
  journal: Journal;
  devices: KitDevices & { documentPrinter(): A4Printer | undefined };
  settings: NoCriminalRecordSettingsInput;
  trustedKeys: readonly IssuerKey[];
  post: { name: string; timeZone?: string };
  log?: Logger;
  now?: () => Date;
}

export function resolveNoCriminalRecordSettings(settings: NoCriminalRecordSettingsInput): NoCriminalRecordSettings {
  return { ...settings, printTimeoutMs: settings.printTimeoutMs ?? NO_CRIMINAL_RECORD_DEFAULTS.printTimeoutMs, timeouts: { ...NO_CRIMINAL_RECORD_DEFAULTS.timeouts, ...settings.timeouts } };
}

/** The kit's view of the machine: its contract, how it is shown, which events go to a step. */
export const noCriminalRecordFlowSpec: ServiceFlowSpec<typeof noCriminalRecordMachine> = {
  contract: noCriminalRecordContract,
  machine: noCriminalRecordMachine,
  present: presentNoCriminalRecord,
  presentEnding: presentNoCriminalRecordEnding,
  forwards: { idNumberEntered: 'identity', faceCaptured: 'face', cameraUnavailable: 'face' },
};

/** Creates the launcher the flow registry calls for `noCriminalRecord`. */
export function createNoCriminalRecordLauncher(deps: NoCriminalRecordLauncherDeps): FlowLauncher {
  const settings = resolveNoCriminalRecordSettings(deps.settings);
  return createKitLauncher({
    service: 'noCriminalRecord',
    spec: noCriminalRecordFlowSpec,
    base: deps,
    input: (kit, timeScale) => ({
      deps: { kit, settings: { ...settings, timeouts: scaleTimeouts(settings.timeouts, timeScale) }, trustedKeys: deps.trustedKeys, documentPrinter: () => deps.devices.documentPrinter() },
    }),
    transactionOf: (context) => (context as NoCriminalRecordContext).transactionId,
  });
}

export interface ReprintDeps {
  gateway: PoliceGateway;
  journal: Journal;
  printer: A4Printer | undefined;
  trustedKeys: readonly IssuerKey[];
  timeZone: string;
  now?: () => Date;
}

/**
 * Prints a transaction's saved certificate: fetched again by its number, verified, printed under
 * the transaction's job id. Used by start-up recovery and by staff for a reprint. `savedForStaff`
 * says the certificate stays valid for a later reprint (do not void it).
 */
export async function reprintSavedCertificate(deps: ReprintDeps, transactionId: string): Promise<ResumePrintResult> {
  const saved = deps.journal.receipts(transactionId).find((receipt) => receipt.kind === SAVED_CERTIFICATE);
  const certificateNo = typeof saved?.payload.certificateNo === 'string' ? saved.payload.certificateNo : undefined;
  // Without a saved number the issue never completed on the kiosk's side: void whatever the backend did.
  if (!certificateNo) return err({ reason: 'no certificate was saved: the issue did not complete' });
  const fetched = await deps.gateway.getCriminalRecordCertificate({ certificateNo });
  if (!fetched.ok) {
    return isNetwork(fetched.error)
      ? err({ reason: `certificate ${certificateNo} could not be fetched (${fetched.error.kind})`, savedForStaff: true })
      : err({ reason: `certificate ${certificateNo} refused by the backend (${fetched.error.code ?? fetched.error.kind})` });
  }
  if (fetched.value.status !== 'issued') return err({ reason: `certificate ${certificateNo} is ${fetched.value.status}` });
  const printed = await printIssuedDocument({
    printer: deps.printer,
    journal: deps.journal,
    transactionId,
    document: { kind: 'NCR', data: fetched.value.document, code: fetched.value.verificationCode },
    trustedKeys: deps.trustedKeys,
    today: calendarDate((deps.now ?? (() => new Date()))(), deps.timeZone),
  });
  if (printed.ok) return ok(undefined);
  if (printed.stage === 'prepare') return err({ reason: `certificate ${certificateNo} not printed: ${printed.refusal.reason}` });
  return err({ reason: `certificate ${certificateNo}: A4 printer ${printed.error ?? printed.code}`, savedForStaff: true });
}

/** The keys this kiosk trusts for documents (configuration; the simulator's key in development only). */
const keysOf = (services: Parameters<ServiceModule['launcher']>[0]): IssuerKey[] => trustedIssuerKeys(services.config.documents.issuerKeys, services.config.kiosk.mode);

/** The service as the runtime plugs it in (services/host/runtime.ts ServiceModule). */
export const noCriminalRecordModule: ServiceModule = {
  // The A4 printer is what the certificate is for; the reader has the keypad as fallback.
  needs: {
    noCriminalRecord: [
      { kind: 'documentPrinter', required: true },
      { kind: 'idCardReader', required: false },
    ],
  },
  launcher(services) {
    const { config } = services;
    const service = config.services.noCriminalRecord;
    // Read the fonts once now, not while the first resident waits for a certificate (~0.5 s).
    if (service.enabled) {
      setTimeout(() => {
        try {
          warmUpDocumentFonts();
        } catch (error) {
          services.log.error('document-fonts-unavailable', { error: error instanceof Error ? error.message : String(error) });
        }
      }, 0).unref();
    }
    return {
      noCriminalRecord: createNoCriminalRecordLauncher({
        gateway: services.gateway,
        payments: services.payments,
        journal: services.journal,
        devices: services.devices,
        log: services.log,
        trustedKeys: keysOf(services),
        post: { name: config.kiosk.postName, timeZone: config.kiosk.timeZone },
        settings: {
          enabled: service.enabled,
          periodRule: service.periodRule,
          validityMonths: service.validityMonths,
          purposes: service.purposes,
          purposeTextMaxLength: service.purposeTextMaxLength,
          statementAfterCertificates: service.statementAfterCertificates,
          statementMinLength: service.statementMinLength,
          maxFaceAttempts: service.maxFaceAttempts,
        },
      }),
    };
  },
  resumePrint(services, transaction: TransactionWithSteps) {
    if (transaction.service !== 'noCriminalRecord') return undefined;
    return reprintSavedCertificate(
      { gateway: services.gateway, journal: services.journal, printer: services.devices.documentPrinter(), trustedKeys: keysOf(services), timeZone: services.config.kiosk.timeZone },
      transaction.id,
    );
  },
};
