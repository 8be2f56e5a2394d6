import { afterEach, describe, expect, it } from 'vitest';
import { PANEL_BYTES, panelBytesToDesign, inkCoverage } from '../../devices/card-printer/bitmap';
import { CardPrinter, type CardPrinterEvent } from '../../devices/card-printer/driver';
import { CardPrinterSimulator } from '../../devices/card-printer/simulator';
import { createPacedWriter } from '../../devices/link/paced-writer';
import { SerialLink } from '../../devices/link/serial-link';
import { startPtyPair, uniquePtyName, type PtyPair } from './pty';

let teardown: (() => Promise<void>) | undefined;
afterEach(async () => {
  await teardown?.();
  teardown = undefined;
});

/** A panel with a stripe pattern whose bytes include CR (0x0D) and ESC (0x1B). */
const panel = (seed: number) =>
  Uint8Array.from({ length: PANEL_BYTES }, (_, i) => ((i * seed) % 97 === 0 ? 0x0d : (i >> 6) % 3 === 0 ? 0x1b : 0));

describe('card printer over a pty: cover opened mid-card', () => {
  it('moves 82 kB panels intact, fails the card with coverOpen at the step reached, and recovers', async () => {
    const pty: PtyPair = await startPtyPair(uniquePtyName('cp-cover'));
    const backoff = { initialMs: 50, maxMs: 200, jitter: 0.2 };
    const simLink = new SerialLink({ path: pty.devicePath, baudRate: 115200, backoff });
    const paced = createPacedWriter(simLink, { baudRate: 115200 });
    let openCoverOn: string | undefined;
    const sim: CardPrinterSimulator = new CardPrinterSimulator(simLink, {
      write: (b) => paced.write(b),
      onCommand: (c) => {
        if (c.kind === 'command' && c.name === openCoverOn) sim.openCover();
      },
    });
    await sim.start();
    const printer = new CardPrinter({
      link: new SerialLink({ path: pty.hostPath, baudRate: 115200, backoff }),
      pollIntervalMs: 100,
      commandTimeoutMs: 1000,
      printStepTimeoutMs: 5000,
    });
    const events: CardPrinterEvent[] = [];
    printer.on('event', (e) => events.push(e));
    teardown = async () => {
      await printer.stop();
      paced.cancel();
      sim.dispose();
      await simLink.close();
      await pty.stop();
    };
    await printer.start();
    expect(printer.status()).toMatchObject({ device: 'online', cover: 'closed' });

    // a full duplex card first: both binary panels arrive byte for byte
    const front = panel(7);
    const back = panel(11);
    expect(await printer.printCard({ front, back })).toEqual({ ok: true, value: undefined });
    const done = sim.cardsPrinted()[0];
    expect(done?.front && Buffer.compare(done.front, front)).toBe(0);
    expect(done?.back && Buffer.compare(done.back, back)).toBe(0);
    expect(inkCoverage(panelBytesToDesign(done!.front!))).toBeGreaterThan(0);

    // the cover is opened just as the printer is told to turn to the back
    openCoverOn = 'Sv';
    const result = await printer.printCard({ front, back }, { jobId: 'tid-card-2' });
    expect(result).toMatchObject({ ok: false, error: { code: 'userError', error: 'coverOpen' } });
    expect(!result.ok && result.error.message).toContain('failed at back');
    expect(events.find((e) => e.name === 'cardFailed')).toMatchObject({
      data: { jobId: 'tid-card-2', step: 'back', cause: 'coverOpen' },
    });
    expect(sim.cardsPrinted().at(-1)).toMatchObject({ defect: 'aborted' });
    expect(printer.status()).toMatchObject({ cover: 'open', device: 'userError' });

    openCoverOn = undefined;
    sim.closeCover();
    for (let t = 0; printer.status().cover !== 'closed' && t < 3000; t += 20)
      await new Promise((resolve) => setTimeout(resolve, 20)); // an idle poll sees it
    expect(printer.status()).toMatchObject({ cover: 'closed', device: 'online' });
    expect(events.filter((e) => e.name === 'coverChanged').map((e) => e.data)).toEqual([
      { cover: 'open' },
      { cover: 'closed' },
    ]);
    expect(await printer.printCard({ front })).toMatchObject({ ok: true });
    expect(sim.cardsPrinted().filter((c) => !c.defect)).toHaveLength(2);
  });
});
