/**
 * Builds a running kiosk core from configuration: devices, police-backend gateway, payments, the
 * journal (with recovery of unfinished transactions before anyone is served) and the service flows.
 * Web mode and the Electron utility process both start exactly this.
 */
import { err } from '../../contract/result';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeviceManager } from '../../devices/manager';
import { createEmbeddedGateway, type EmbeddedGateway } from '../backend-sim/embedded';
import { developmentConfig, ensureDataDir, loadConfigFile } from '../config/load';
import type { KioskConfig } from '../config/schema';
import { createKioskCore, type KioskCore } from '../core/kiosk-core';
import type { FlowLaunchers } from '../core/flow-registry';
import type { ServiceNeeds } from '../core/readiness';
import { compensateEffects } from '../gateway/compensation';
import { createHttpGateway } from '../gateway/http-client';
import type { PoliceGateway } from '../gateway/types';
import { openJournal, type Journal } from '../journal';
import type { Logger } from '../log/logger';
import { createPaymentService, type PaymentService } from '../payments';
import { recoverUnfinished, type ResumePrintResult } from '../recovery/recovery';
import type { TransactionWithSteps } from '../journal/types';
import { createHelpCallService } from '../help-call';
import { createNoticeBoard } from '../notices/board';
import { createSpeechService } from '../speech';
import { createStaffConsole } from '../staff/console';
import { createFleetAgent, type FleetAgent } from '../fleet/agent';
import { createServicePauseStore } from '../fleet/service-pauses';
import { createDevTools } from './dev-tools';

/** What every service flow may use. */
export interface KioskServices {
  readonly config: KioskConfig;
  readonly devices: DeviceManager;
  readonly gateway: PoliceGateway;
  /** Present when the backend is the embedded simulator (development and web mode). */
  readonly embeddedBackend?: EmbeddedGateway;
  readonly payments: PaymentService;
  readonly journal: Journal;
  readonly log: Logger;
}

/** A service plugs in here: its flow launcher, the devices it needs, and how it resumes printing after a restart. */
export interface ServiceModule {
  launcher(services: KioskServices): FlowLaunchers;
  /** Devices each of its services needs; a required one that is not ready pauses the service. */
  needs?: ServiceNeeds;
  /** Resumes printing for one of this service's transactions; `undefined` when it is not this service's. */
  resumePrint?(services: KioskServices, transaction: TransactionWithSteps): Promise<ResumePrintResult> | undefined;
  /** For a service that prints several documents per transaction: whether some are still unprinted. */
  printIncomplete?(services: KioskServices, transaction: TransactionWithSteps): boolean | undefined;
}

export interface KioskRuntime {
  readonly config: KioskConfig;
  readonly core: KioskCore;
  readonly services: KioskServices;
  /** Present when `fleet.enabled`: the kiosk reports to the fleet's broker. */
  readonly fleet?: FleetAgent;
  /** The duty desk's page (when video help is on): where the officer signs in. */
  readonly deskUrl?: string;
  stop(): Promise<void>;
}

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function createGateway(config: KioskConfig): { gateway: PoliceGateway; embedded?: EmbeddedGateway } {
  if (config.backend.mode === 'http') {
    // The schema guarantees url (and refuses the embedded backend in production).
    return {
      gateway: createHttpGateway({
        baseUrl: config.backend.url!,
        credentials: config.backend.credentials ?? { clientId: config.kiosk.id, secret: '' },
        timeoutMs: config.backend.timeoutMs,
        retries: 2,
      }),
    };
  }
  const { feeFen, validityMonths, issuingAuthority } = config.services.tempIdCard;
  const embedded = createEmbeddedGateway({
    // A file, so orders survive a restart and start-up recovery can ask about them.
    dbPath: join(resolve(config.dataDir), 'backend-sim.db'),
    tempIdCard: { feeFen, validityMonths, issuingAuthority },
  });
  return { gateway: embedded, embedded };
}

export interface RuntimeOptions {
  configPath?: string;
  config?: KioskConfig;
  log: Logger;
  version?: string;
  modules?: readonly ServiceModule[];
  /** Pace simulator replies at the wire rate (default true; tests turn it off for speed). */
  pacedSimulators?: boolean;
  /** Device status polling periods (the drivers' defaults suit real devices; tests poll faster). */
  pollIntervalMs?: { idReader?: number; printers?: number };
}

export async function startKioskRuntime(options: RuntimeOptions): Promise<KioskRuntime> {
  const config = options.config ?? (options.configPath ? loadConfigFile(options.configPath) : developmentConfig());
  const log = options.log;
  const modules = options.modules ?? [];
  ensureDataDir(config.dataDir);
  const devices = new DeviceManager(config.devices, {
    pacedSimulators: options.pacedSimulators ?? true,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    log: (event, fields) => log.child('devices').debug(event, fields),
    warn: (event, fields) => log.child('devices').warn(event, fields),
  });
  const journal = openJournal(join(resolve(config.dataDir), 'journal.db'), { kioskId: config.kiosk.id, timeZone: config.kiosk.timeZone });
  const { gateway, embedded } = createGateway(config);
  const payments = createPaymentService({ gateway, journal });
  const services: KioskServices = { config, devices, gateway, payments, journal, log, ...(embedded ? { embeddedBackend: embedded } : {}) };

  // Unfinished transactions are resolved before the first resident is served, with the devices
  // running: resuming may print, or read back a permit chip that was being written.
  await devices.start();
  const records = await recoverUnfinished({
    journal,
    gateway,
    payments,
    resumePrint: async (transaction) => {
      for (const module of modules) {
        const attempt = module.resumePrint?.(services, transaction);
        if (attempt) return attempt;
      }
      return err({ reason: `no service can reprint a ${transaction.service} transaction` });
    },
    printIncomplete: (transaction) => modules.some((module) => module.printIncomplete?.(services, transaction) === true),
    compensate: (transactionId, reason) => compensateEffects(journal, gateway, transactionId, reason),
    log: (record) => log.child('recovery').warn('transaction-recovered', { ...record }),
  });
  if (records.length > 0) log.info('recovery-finished', { transactions: records.length });

  const purge = () => {
    try {
      const purged = journal.purge(config.journal.retentionDays);
      log.info('journal-purged', { ...purged });
    } catch (error) {
      log.error('journal-purge-failed', { error: (error as Error).message });
    }
  };
  purge();
  const purgeTimer = setInterval(purge, 24 * 60 * 60 * 1000);
  purgeTimer.unref();

  const flows: FlowLaunchers = Object.assign({}, ...modules.map((module) => module.launcher(services)));
  const needs: ServiceNeeds = Object.assign({}, ...modules.map((module) => module.needs ?? {}));
  const dev = config.kiosk.mode === 'development' ? createDevTools(devices) : undefined;
  const speech = createSpeechService({ config: config.speech, dataDir: resolve(config.dataDir), log: log.child('speech') });
  const staff = createStaffConsole({ config, journal, devices, gateway, payments, log: log.child('staff') });
  const notices = createNoticeBoard({ config: config.notices, kioskId: config.kiosk.id, gateway, directory: join(resolve(config.dataDir), 'notices'), log: log.child('notices') });
  // Services paused by a fleet command stay paused across a restart, whether or not the fleet is reachable.
  const staffPauses = createServicePauseStore(journal.database);
  const version = options.version ?? packageVersion();
  const helpCall = createHelpCallService({ config, journal, log: log.child('help'), board: () => staff.board() });
  const core = createKioskCore({ config, version, log, devices, flows, needs, speech, staff, staffPauses, helpCall, notices, ...(dev ? { dev } : {}) });
  await core.start();
  const desk = await helpCall.startDesk();
  const fleet = config.fleet.enabled
    ? createFleetAgent({ config, db: journal.database, version, log: log.child('fleet'), core, staff, devices, pauses: staffPauses })
    : undefined;
  fleet?.start();
  return {
    config,
    core,
    services,
    ...(fleet ? { fleet } : {}),
    ...(desk ? { deskUrl: desk.url } : {}),
    async stop() {
      clearInterval(purgeTimer);
      await fleet?.stop();
      await core.stop();
      await dev?.close();
      journal.close();
      embedded?.close();
    },
  };
}
