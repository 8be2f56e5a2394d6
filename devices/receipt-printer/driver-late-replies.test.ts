import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair } from '../link/memory-link';
import { ReceiptPrinter } from './driver';
import { encodeRealTimeStatus, type PrinterFacts, type StatusQuery } from './status';

const GOOD: PrinterFacts = {};
const PAPER_OUT: PrinterFacts = { offline: true, paperEndStop: true, paperOut: true };
const replies = (facts: PrinterFacts) => Uint8Array.from(([1, 2, 3, 4] as StatusQuery[]).map((n) => encodeRealTimeStatus(n, facts)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let printer: ReceiptPrinter | undefined;
afterEach(async () => {
  await printer?.stop();
});

describe('ReceiptPrinter: replies that arrive after their query timed out', () => {
  it('are dropped, never taken as the answer to the next query', async () => {
    const pair = createLinkPair();
    await pair.device.open();
    // A hand-played, slow printer: it answers the first query after its timeout ("all good"), and
    // every later one a little later ("paper out"), so the stale answer lands while the next query waits.
    let queries = 0;
    pair.device.on('data', (chunk) => {
      for (let i = 0; i + 2 < chunk.length; i++) {
        if (chunk[i] !== 0x10 || chunk[i + 1] !== 0x04 || chunk[i + 2] !== 4) continue;
        queries += 1;
        const answer = queries === 1 ? replies(GOOD) : replies(PAPER_OUT);
        setTimeout(() => void pair.device.write(answer), queries === 1 ? 300 : 150);
      }
    });
    printer = new ReceiptPrinter({ link: pair.host, pollIntervalMs: 0, statusTimeoutMs: 200 });
    const papers: string[] = [];
    printer.on('status', (status) => papers.push(status.paper));
    await printer.start(); // the first query times out; its "all good" answer is still on its way
    const refreshed = await printer.refreshStatus();
    expect(refreshed).toMatchObject({ ok: true, value: { paper: 'out' } });
    expect(queries).toBeGreaterThanOrEqual(2);
    // The late "paper full" of the abandoned query was never reported as the printer's state.
    expect(papers).not.toContain('full');
    expect(papers).toContain('out');
  });

  it('a printer that never pays its debt (it was off) does not starve later queries', async () => {
    const pair = createLinkPair();
    await pair.device.open();
    let answering = false;
    pair.device.on('data', (chunk) => {
      if (answering && chunk.includes(0x04)) void pair.device.write(replies(GOOD));
    });
    printer = new ReceiptPrinter({ link: pair.host, pollIntervalMs: 0, statusTimeoutMs: 80 });
    await printer.start(); // times out: owes four replies that will never come
    answering = true;
    await sleep(10);
    expect(await printer.refreshStatus()).toMatchObject({ ok: true, value: { device: 'online', paper: 'full' } });
  });
});
