import { afterEach, describe, expect, it } from 'vitest';
import { receipt } from '../../devices/receipt-printer/escpos';
import type { ReceiptPrinterSimulator } from '../../devices/receipt-printer/simulator';
import { startReceiptPrinterRig, type ReceiptPtyRig } from './receipt-printer-rig';

let rig: ReceiptPtyRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

const doc = () => {
  const b = receipt().init().line('受理回执');
  for (let i = 1; i <= 10; i++) b.line(`LINE ${i}`);
  return b.cut('full').build();
};

describe('receipt printer over a pty: cover open', () => {
  it('refuses while the cover is open, emits cover events on change, and fails a job whose cover opens mid-way', async () => {
    // the simulator calls back while it prints; the test decides at which line the cover opens
    const hook: { sim?: ReceiptPrinterSimulator; openAtLine?: string } = {};
    const r = (rig = await startReceiptPrinterRig('rp-cover', {
      onLinePrinted: (line) => {
        if (line.kind === 'text' && line.runs[0]?.text === hook.openAtLine) hook.sim?.openCover();
      },
    }));
    hook.sim = r.sim;

    r.sim.openCover();
    expect(await r.printer.print(doc())).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'coverOpen' },
    });
    expect(r.printer.status()).toMatchObject({ cover: 'open', device: 'userError' });
    expect(r.sim.receipts()).toEqual([]);
    r.sim.closeCover();
    for (let t = 0; r.printer.status().cover !== 'closed' && t < 3000; t += 20)
      await new Promise((resolve) => setTimeout(resolve, 20)); // an idle poll sees it
    const coverEvents = r.events.filter((e) => e.name === 'coverChanged').map((e) => e.data);
    expect(coverEvents).toEqual([{ cover: 'open' }, { cover: 'closed' }]);

    hook.openAtLine = 'LINE 4'; // someone opens the cover while the receipt is printing
    const result = await r.printer.print(doc());
    expect(result).toMatchObject({ ok: false, error: { code: 'userError', error: 'coverOpen' } });
    const printed = r.sim.receipts().at(-1);
    expect(printed?.interrupted).toBe('coverOpen');
    expect(printed?.lines.map((l) => (l.kind === 'text' ? l.runs[0]?.text : l.kind))).toEqual([
      '受理回执',
      'LINE 1',
      'LINE 2',
      'LINE 3',
      'LINE 4',
    ]);
  });
});
