/**
 * The traffic service as a service module: the devices it needs, its flow launcher on the service
 * kit, and its answers to start-up recovery (resume printing the decisions of a paid transaction
 * from the numbers the journal holds; the fine is never refunded for a printer fault).
 */
import { trafficContract } from '../../contract/flows/traffic';
import { err, ok } from '../../contract/result';
import { trustedIssuerKeys, warmUpDocumentFonts, type A4Printer } from '../documents';
import type { IssuerKey } from '../documents/signing/code';
import type { FlowLauncher } from '../core/flow-registry';
import type { PoliceGateway } from '../gateway/types';
import type { KioskServices, ServiceModule } from '../host/runtime';
import type { Journal } from '../journal/journal';
import type { TransactionWithSteps } from '../journal/types';
import type { Logger } from '../log/logger';
import type { PaymentService } from '../payments/paymentService';
import type { ResumePrintResult } from '../recovery/recovery';
import type { KitDevices } from '../kit/deps';
import { createKitLauncher, scaleTimeouts } from '../kit/launch';
import type { ServiceFlowSpec } from '../kit/runner';
import { TrafficConfig } from './config';
import { trafficMachine, type TrafficContext } from './machine';
import { presentTraffic, presentTrafficEnding } from './present';
import { decisionPrinted, decisionsToPrint, printDecision } from './print';
import { paymentReceipt, type TrafficReceiptData } from './receipt';
import type { TrafficSettings } from './work';

/** Defaults for what the configuration does not hold (time-outs of each state and device). */
export const TRAFFIC_DEFAULTS = {
  paymentPollMs: 1_500,
  a4TimeoutMs: 90_000,
  receiptPrintTimeoutMs: 15_000,
  timeouts: {
    notice: 120_000,
    entry: 180_000,
    lookup: 45_000,
    identity: 180_000,
    face: 120_000,
    faceCheck: 30_000,
    records: 240_000,
    confirm: 180_000,
    handling: 60_000,
    // The payment window plus time to cancel and re-check the order.
    payment: 240_000,
    exchange: 30_000,
    printing: 300_000,
  },
} as const;

export interface TrafficLauncherDeps {
  gateway: PoliceGateway;
  payments: PaymentService;
  journal: Journal;
  devices: KitDevices & { documentPrinter(): A4Printer | undefined };
  /** The configuration fragment (services.traffic), parsed or partial (defaults filled in). */
  config?: Partial<TrafficConfig>;
  post: { name: string; timeZone?: string };
  trustedKeys: readonly IssuerKey[];
  overrides?: Partial<Omit<TrafficSettings, 'timeouts'>> & { timeouts?: Partial<TrafficSettings['timeouts']>; receiptPrintTimeoutMs?: number };
  log?: Logger;
  now?: () => Date;
}

export function resolveTrafficSettings(deps: Pick<TrafficLauncherDeps, 'config' | 'post' | 'overrides'>): TrafficSettings {
  const config = TrafficConfig.parse(deps.config ?? {});
  return {
    ...config,
    decisionPlace: config.decisionPlace ?? deps.post.name,
    paymentPollMs: TRAFFIC_DEFAULTS.paymentPollMs,
    a4TimeoutMs: TRAFFIC_DEFAULTS.a4TimeoutMs,
    ...deps.overrides,
    timeouts: { ...TRAFFIC_DEFAULTS.timeouts, ...deps.overrides?.timeouts },
  };
}

/** The kit's view of the traffic machine: its contract, how it is shown, which events go to a step. */
export const trafficFlowSpec: ServiceFlowSpec<typeof trafficMachine> = {
  contract: trafficContract,
  machine: trafficMachine,
  present: presentTraffic,
  presentEnding: presentTrafficEnding,
  forwards: { idNumberEntered: 'identity', faceCaptured: 'face', cameraUnavailable: 'face' },
};

export function createTrafficLauncher(deps: TrafficLauncherDeps): FlowLauncher {
  const settings = resolveTrafficSettings(deps);
  return createKitLauncher({
    service: 'traffic',
    spec: trafficFlowSpec,
    base: { ...deps, post: { ...deps.post, receiptPrintTimeoutMs: deps.overrides?.receiptPrintTimeoutMs ?? TRAFFIC_DEFAULTS.receiptPrintTimeoutMs } },
    input: (kit, timeScale) => ({
      deps: { kit, settings: { ...settings, timeouts: scaleTimeouts(settings.timeouts, timeScale) }, documentPrinter: () => deps.devices.documentPrinter(), trustedKeys: deps.trustedKeys },
    }),
    transactionOf: (context) => (context as TrafficContext).transactionId,
  });
}

export interface TrafficRecoveryDeps {
  gateway: PoliceGateway;
  journal: Journal;
  printer: A4Printer | undefined;
  receiptPrinter: KitDevices['receiptPrinter'];
  trustedKeys: readonly IssuerKey[];
  timeZone: string;
  now?: () => Date;
}

/** True when a paid traffic transaction still has decisions (or its receipt) to print. */
export function trafficPrintIncomplete(journal: Journal, transaction: TransactionWithSteps): boolean {
  if (transaction.service !== 'traffic' || !transaction.steps.some((s) => s.kind === 'paid')) return false;
  return decisionsToPrint(journal, transaction).some((no) => !decisionPrinted(transaction, no));
}

/**
 * Start-up recovery for a paid traffic transaction that was not (fully) printed: each decision is
 * fetched again by its number and printed under the same job id (a job the printer already holds
 * is waited for, not printed again), then the saved payment receipt. A printer that still fails
 * keeps the payment: the fine is paid and the decisions exist; staff reprint them (ticket).
 */
export async function resumeTrafficPrint(deps: TrafficRecoveryDeps, transaction: TransactionWithSteps): Promise<ResumePrintResult> {
  const now = deps.now ?? (() => new Date());
  const printing = { gateway: deps.gateway, journal: deps.journal, printer: deps.printer, trustedKeys: deps.trustedKeys, now, timeZone: deps.timeZone, timeoutMs: TRAFFIC_DEFAULTS.a4TimeoutMs };
  const problems: string[] = [];
  for (const decisionNo of decisionsToPrint(deps.journal, transaction)) {
    if (decisionPrinted(deps.journal.find(transaction.id) ?? transaction, decisionNo)) continue;
    const printed = await printDecision(printing, transaction.id, decisionNo);
    if (!printed.ok) problems.push(`${decisionNo}: ${printed.stage} ${printed.problem}`);
  }
  const saved = deps.journal.receipts(transaction.id).find((r) => r.kind === 'trafficReceipt');
  if (saved && !transaction.steps.some((s) => s.kind === 'receiptPrinted')) {
    const printer = deps.receiptPrinter();
    const result = printer ? await printer.print(paymentReceipt(saved.payload as unknown as TrafficReceiptData), { jobId: `${transaction.id}/receipt` }) : undefined;
    if (result?.ok) deps.journal.recordStep(transaction.id, { kind: 'receiptPrinted', data: { document: 'trafficReceipt', by: 'recovery' } });
    else problems.push('receipt not printed');
  }
  return problems.length === 0 ? ok(undefined) : err({ reason: problems.join('; ').slice(0, 300), savedForStaff: true });
}

function recoveryDeps(services: KioskServices): TrafficRecoveryDeps {
  const { config, devices } = services;
  return {
    gateway: services.gateway,
    journal: services.journal,
    printer: devices.documentPrinter(),
    receiptPrinter: () => devices.receiptPrinter(),
    trustedKeys: trustedIssuerKeys(config.documents.issuerKeys, config.kiosk.mode),
    timeZone: config.kiosk.timeZone,
  };
}

/** The service as the runtime plugs it in (services/host/runtime.ts ServiceModule). */
export const trafficModule: ServiceModule = {
  // The A4 printer delivers the decisions (no decision is issued while it is down); the reader has
  // the keypad as fallback, the receipt is reprintable and the payment QR works without the scanner.
  needs: {
    traffic: [
      { kind: 'documentPrinter', required: true },
      { kind: 'idCardReader', required: false },
      { kind: 'receiptPrinter', required: false },
      { kind: 'qrScanner', required: false },
    ],
  },
  launcher(services) {
    const { config } = services;
    // The first decision a resident waits for should not pay for loading the CJK fonts.
    setTimeout(() => {
      try {
        warmUpDocumentFonts();
      } catch (error) {
        services.log.warn('traffic-fonts-unavailable', { error: error instanceof Error ? error.message : String(error) });
      }
    }, 0).unref();
    return {
      traffic: createTrafficLauncher({
        gateway: services.gateway,
        payments: services.payments,
        journal: services.journal,
        devices: services.devices,
        config: config.services.traffic,
        post: { name: config.kiosk.postName, timeZone: config.kiosk.timeZone },
        trustedKeys: trustedIssuerKeys(config.documents.issuerKeys, config.kiosk.mode),
        log: services.log,
      }),
    };
  },
  resumePrint: (services, transaction) => (transaction.service === 'traffic' ? resumeTrafficPrint(recoveryDeps(services), transaction) : undefined),
  printIncomplete: (services, transaction) => trafficPrintIncomplete(services.journal, transaction),
};
