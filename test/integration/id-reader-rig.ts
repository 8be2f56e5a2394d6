/**
 * Shared set-up for the ID-reader pseudo-terminal tests: a socat pair, the simulator on a
 * SerialLink at the device end and the driver on a SerialLink at the host end.
 */
import { SerialLink } from '../../devices/link/serial-link';
import { IdCardReader, type IdCardReaderOptions, type IdReaderEvent } from '../../devices/id-reader/driver';
import { IdReaderSimulator, type IdReaderSimulatorOptions } from '../../devices/id-reader/simulator';
import { startPtyPair, uniquePtyName, type PtyPair } from './pty';

export interface PtyRig {
  name: string;
  pty: PtyPair;
  sim: IdReaderSimulator;
  simLink: SerialLink;
  reader: IdCardReader;
  events: IdReaderEvent[];
  /** Stops everything (driver, simulator, socat); safe in afterEach. */
  teardown(): Promise<void>;
}

/** Starts socat, the simulator and the driver; the driver is started last. */
export async function startIdReaderRig(
  prefix: string,
  readerOptions: IdCardReaderOptions = {},
  simOptions: IdReaderSimulatorOptions = {},
): Promise<PtyRig> {
  const name = uniquePtyName(prefix);
  const rig: Partial<PtyRig> & { events: IdReaderEvent[] } = { name, events: [] };
  rig.pty = await startPtyPair(name);
  const backoff = { initialMs: 50, maxMs: 200, jitter: 0.2 };
  rig.simLink = new SerialLink({ path: rig.pty.devicePath, baudRate: 115200, backoff });
  rig.sim = new IdReaderSimulator(rig.simLink, { baudRate: 115200, ...simOptions });
  await rig.sim.start();
  rig.reader = new IdCardReader(new SerialLink({ path: rig.pty.hostPath, baudRate: 115200, backoff }), {
    pollIntervalMs: 50,
    ...readerOptions,
  });
  rig.reader.on('event', (e) => rig.events.push(e));
  await rig.reader.start();
  rig.teardown = async () => {
    await rig.reader?.stop();
    await rig.sim?.stop();
    await rig.pty?.stop();
  };
  return rig as PtyRig;
}
