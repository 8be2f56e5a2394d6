import { afterEach, describe, expect, it } from 'vitest';
import { receipt } from '../../devices/receipt-printer/escpos';
import { startReceiptPrinterRig, type ReceiptPtyRig } from './receipt-printer-rig';

let rig: ReceiptPtyRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

const longReceipt = () => {
  const b = receipt()
    .init()
    .align('center')
    .bold(true)
    .size({ width: 2, height: 2 })
    .line('临时身份证 受理回执')
    .size({ width: 1, height: 1 })
    .bold(false)
    .align('left');
  for (let i = 1; i <= 12; i++) b.line(`第 ${i} 行 LINE ${i}`);
  return b.qr('TID-000123', { moduleSize: 6 }).feed(3).cut('partial').build();
};

describe('receipt printer over a pty: paper runs out mid-job', () => {
  it('reports the job failed with paperOut and how far it got, never reprints, and prints after reload', async () => {
    const r = (rig = await startReceiptPrinterRig('rp-paper'));
    expect(r.printer.status()).toMatchObject({ device: 'online', paper: 'full' });
    r.sim.setPaper({ remainingLines: 6 }); // near end already: 6 lines for a 14-line receipt
    const doc = longReceipt();

    const result = await r.printer.print(doc, { jobId: 'tid-000123' });
    expect(result).toMatchObject({ ok: false, error: { code: 'userError', error: 'paperOut' } });
    expect(!result.ok && result.error.message).toMatch(/tid-000123 failed .*paper out; \d+ of \d+ bytes had been sent/);
    const printed = r.sim.receipts().at(-1);
    expect(printed?.interrupted).toBe('paperOut');
    expect(printed?.lines.length).toBeGreaterThan(0);
    expect(printed?.lines.length).toBeLessThan(14);
    expect(printed?.lines.some((l) => l.kind === 'cut')).toBe(false); // the rest of the job was lost
    expect(r.printer.status()).toMatchObject({ paper: 'out', device: 'userError' });
    expect(r.events.find((e) => e.name === 'jobInterrupted')).toMatchObject({
      data: { jobId: 'tid-000123', cause: 'paperOut', totalBytes: doc.length },
    });

    // a new job is refused before anything is sent
    expect(await r.printer.print(doc)).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'paperOut' },
    });

    r.sim.reload();
    for (let t = 0; r.printer.status().paper !== 'full' && t < 3000; t += 20)
      await new Promise((resolve) => setTimeout(resolve, 20)); // an idle poll sees the new roll
    expect(r.printer.status()).toMatchObject({ paper: 'full', device: 'online' });
    expect(r.sim.receipts()).toHaveLength(1); // nothing was printed twice
    expect(await r.printer.print(doc)).toMatchObject({ ok: true });
    expect(r.sim.receipts()).toHaveLength(2);
    expect(r.sim.receipts().at(-1)?.lines.at(-1)).toEqual({ kind: 'cut', mode: 'partial' });
  });
});
