/**
 * Shared set-up for the receipt-printer pseudo-terminal tests: a socat pair, the simulator on the
 * device end (replies paced at 115200 baud) and the driver on the host end.
 */
import { createPacedWriter } from '../../devices/link/paced-writer';
import { SerialLink } from '../../devices/link/serial-link';
import {
  ReceiptPrinter,
  type ReceiptPrinterEvent,
  type ReceiptPrinterOptions,
} from '../../devices/receipt-printer/driver';
import { ReceiptPrinterSimulator, type ReceiptPrinterSimulatorOptions } from '../../devices/receipt-printer/simulator';
import { startPtyPair, uniquePtyName, type PtyPair } from './pty';

export interface ReceiptPtyRig {
  pty: PtyPair;
  sim: ReceiptPrinterSimulator;
  printer: ReceiptPrinter;
  events: ReceiptPrinterEvent[];
  teardown(): Promise<void>;
}

/** Starts socat, the simulator, then the driver. */
export async function startReceiptPrinterRig(
  prefix: string,
  simOptions: Omit<ReceiptPrinterSimulatorOptions, 'write'> = {},
  driverOptions: Partial<ReceiptPrinterOptions> = {},
): Promise<ReceiptPtyRig> {
  const pty = await startPtyPair(uniquePtyName(prefix));
  const backoff = { initialMs: 50, maxMs: 200, jitter: 0.2 };
  const simLink = new SerialLink({ path: pty.devicePath, baudRate: 115200, backoff });
  const paced = createPacedWriter(simLink, { baudRate: 115200 });
  const sim = new ReceiptPrinterSimulator(simLink, { ...simOptions, write: (b) => paced.write(b) });
  await sim.start();
  const printer = new ReceiptPrinter({
    link: new SerialLink({ path: pty.hostPath, baudRate: 115200, backoff }),
    pollIntervalMs: 100,
    postJobSettleMs: 50,
    chunkSize: 64,
    ...driverOptions,
  });
  const events: ReceiptPrinterEvent[] = [];
  printer.on('event', (e) => events.push(e));
  await printer.start();
  return {
    pty,
    sim,
    printer,
    events,
    async teardown() {
      await printer.stop();
      paced.cancel();
      sim.dispose();
      await simLink.close();
      await pty.stop();
    },
  };
}
