/**
 * dev.printed renders off the core's event loop: in a worker thread, once per printed item however
 * many callers ask at once (100 concurrent calls used to freeze the core for 20 s and take 2.4 GB).
 */
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceManager } from '../../devices/manager';
import { workerCall } from '../../devices/shared/worker-call';
import { receipt } from '../../devices/receipt-printer/escpos';
import { createDevTools, type DevTools } from './dev-tools';
import type { RenderReply, RenderRequest } from './printed-render-worker';

let devices: DeviceManager;
let tools: DevTools;
const threads: number[] = [];
let renders = 0;

beforeAll(async () => {
  devices = new DeviceManager(
    { receiptPrinter: { kind: 'receiptPrinter', driver: 'simulated' }, cardPrinter: { kind: 'cardPrinter', driver: 'simulated' } },
    { pacedSimulators: false, pollIntervalMs: { printers: 50 } },
  );
  await devices.start();
  const worker = workerCall<RenderRequest, RenderReply>(new URL('./printed-render-worker.ts', import.meta.url));
  tools = createDevTools(devices, {
    renderer: {
      call: async (request) => {
        renders += 1;
        const reply = await worker.call(request);
        threads.push(reply.threadId);
        return reply;
      },
      close: () => worker.close(),
    },
  });
  const printer = devices.receiptPrinter()!;
  const printed = await printer.print(receipt().init().line('测试回执 TEST').line('交易号 T-1').cut('partial').build(), { timeoutMs: 5000 });
  expect(printed.ok).toBe(true);
}, 30_000);

afterAll(async () => {
  await tools.close();
  await devices.stop();
});

describe('dev.printed', () => {
  it('renders in a worker thread, once for a hundred concurrent callers, while the event loop keeps turning', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    const answers = await Promise.all(Array.from({ length: 100 }, () => tools.printed()));
    clearInterval(ticker);
    expect(answers.every((answer) => answer.receipt?.dataUrl.startsWith('data:image/png;base64,'))).toBe(true);
    expect(new Set(answers.map((answer) => answer.receipt!.dataUrl)).size).toBe(1);
    expect(renders).toBe(1);
    expect(threads).toHaveLength(1);
    expect(threads[0]).not.toBe(threadId);
    expect(ticks).toBeGreaterThan(0);
  });

  it('renders again only when something new was printed', async () => {
    await tools.printed();
    expect(renders).toBe(1);
    await devices.receiptPrinter()!.print(receipt().init().line('第二张').cut('partial').build(), { timeoutMs: 5000 });
    const next = await tools.printed();
    expect(next.receipt?.count).toBe(2);
    expect(renders).toBe(2);
  });
});
