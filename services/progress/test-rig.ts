/**
 * Test rig for the help-and-information flows (progress query, tip-off): the embedded police
 * backend on the fixture clock, a temp-file journal, a memory logger, and small in-memory fakes of
 * the ID card reader (a card is "placed" by emitting its read) and the receipt printer (keeps what
 * it printed, by job id; can be out of paper). Used by the unit tests (not production code).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowProgress } from '../../contract/flow';
import { createFakeDevices } from '../../devices/fakes/fake-devices';
import { createEmbeddedGateway, type EmbeddedGateway } from '../backend-sim/embedded';
import { FIXTURE_NOW } from '../backend-sim/fixtures';
import type { FlowLauncher } from '../core/flow-registry';
import type { PoliceGateway } from '../gateway/types';
import { openJournal, type Journal } from '../journal/journal';
import type { KitDevices } from '../kit/deps';
import type { KitBase } from '../kit/launch';
import type { RunningFlow } from '../kit/runner';
import { createMemoryLogger } from '../log/logger';
import { createPaymentService } from '../payments/paymentService';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A well-formed JPEG capture (SOI + APP0 + seed + EOI). */
export const fakeJpegBase64 = (seed: string): string =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF-${seed}`), Buffer.from([0xff, 0xd9])]).toString('base64');

export interface InfoRigOptions {
  gateway?: (embedded: EmbeddedGateway) => PoliceGateway;
}

export type InfoRig = Awaited<ReturnType<typeof createInfoRig>>;

/** `launcher` builds the service's launcher from the kit's base (gateway, journal, devices…). */
export async function createInfoRig(launcher: (base: KitBase & { now: () => Date }) => FlowLauncher, options: InfoRigOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'info-'));
  const offset = FIXTURE_NOW.getTime() - Date.now();
  const now = () => new Date(Date.now() + offset);
  const logger = createMemoryLogger();
  const embedded = createEmbeddedGateway({ now, dbPath: join(dir, 'backend.db') });
  const gateway = options.gateway ? options.gateway(embedded) : embedded;
  const journal: Journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001', now });
  const payments = createPaymentService({ gateway, journal });
  // The shared in-memory fakes (devices/fakes): a card placed on the reader, the slips the printer took.
  const fakes = createFakeDevices();
  const reader = fakes.idReader;
  const printer = fakes.receiptPrinter;
  const devices: KitDevices = { idReader: () => reader, scanner: () => undefined, receiptPrinter: () => printer, documentPrinter: () => undefined };
  const launch = launcher({ gateway, payments, journal, devices, post: { name: '东华门24小时智慧警务室', timeZone: 'Asia/Shanghai' }, log: logger, now });

  const progress: FlowProgress[] = [];
  let flow: RunningFlow | undefined;
  const rig = {
    dir, now, logger, embedded, gateway, journal, reader, printer, progress,
    start(timeScale = 1): RunningFlow {
      progress.length = 0;
      flow = launch({ sessionId: 'session-0001-test', onProgress: (p) => progress.push(p), readiness: () => undefined, timeScale });
      return flow;
    },
    get flow(): RunningFlow {
      if (!flow) throw new Error('flow not started');
      return flow;
    },
    send(event: string, payload: unknown = {}) {
      const result = rig.flow.send({ type: event, payload });
      if (!result.ok) throw new Error(`${event} refused: ${result.error.code} ${result.error.message}`);
    },
    async until(predicate: (p: FlowProgress) => boolean, ms = 8000, what = 'progress'): Promise<FlowProgress> {
      const deadline = Date.now() + ms;
      for (;;) {
        const p = rig.flow.progress();
        if (predicate(p)) return p;
        if (Date.now() > deadline) throw new Error(`${what} not reached in ${ms} ms; last: ${p.state}/${p.status} ${JSON.stringify(p.error ?? {})}`);
        await sleep(5);
      }
    },
    inState(state: string, status?: FlowProgress['status'], ms?: number) {
      return rig.until((p) => p.state === state && (!status || p.status === status), ms, `${state}/${status ?? '*'}`);
    },
    async ended() {
      const outcome = await rig.flow.done;
      return { ...outcome, progress: rig.flow.progress() };
    },
    async close() {
      journal.close();
      embedded.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** A gateway whose named operations answer "unreachable", the rest as the embedded one. */
export function unreachable(embedded: EmbeddedGateway, ...operations: (keyof PoliceGateway)[]): PoliceGateway {
  const down = () => Promise.resolve({ ok: false as const, error: { kind: 'network' as const, message: 'connection refused', retryable: true } });
  return new Proxy(embedded, { get: (target, name, receiver) => (operations.includes(name as keyof PoliceGateway) ? down : Reflect.get(target, name, receiver)) });
}
