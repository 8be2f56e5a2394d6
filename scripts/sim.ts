/**
 * `npm run sim`: every device simulator on a real pseudo-terminal pair (socat), as if the kiosk's
 * hardware were plugged in. Prints the ports and a configuration snippet for KIOSK_CONFIG, then
 * takes commands on standard input to act on the simulated hardware. Ctrl-C stops everything.
 */
import { createInterface } from 'node:readline';
import { CardPrinterSimulator } from '../devices/card-printer/simulator';
import { fixtureCard, type FixtureName } from '../devices/id-reader/fixtures';
import { IdReaderSimulator } from '../devices/id-reader/simulator';
import { createPacedWriter } from '../devices/link/paced-writer';
import { startPtyPair, type PtyPair } from '../devices/link/pty-pair';
import { SerialLink } from '../devices/link/serial-link';
import { ReceiptPrinterSimulator } from '../devices/receipt-printer/simulator';
import { ScannerSimulator } from '../devices/scanner/simulator';

const prefix = process.argv[2] ?? 'kiosk-sim';
const pairs: PtyPair[] = [];
const links: SerialLink[] = [];

async function device(name: string, baudRate: number): Promise<{ pair: PtyPair; link: SerialLink }> {
  const pair = await startPtyPair(`${prefix}-${name}`);
  const link = new SerialLink({ path: pair.devicePath, baudRate });
  pairs.push(pair);
  links.push(link);
  return { pair, link };
}

async function main(): Promise<void> {
  const reader = await device('idreader', 115200);
  const idReader = new IdReaderSimulator(reader.link, { baudRate: 115200 });
  await idReader.start();

  const scan = await device('scanner', 9600);
  const scanner = new ScannerSimulator(scan.link, { baudRate: 9600 });
  await scanner.start();

  const receipt = await device('receipt', 115200);
  const receiptWriter = createPacedWriter(receipt.link, { baudRate: 115200 });
  const receiptPrinter = new ReceiptPrinterSimulator(receipt.link, { write: (bytes) => receiptWriter.write(bytes) });
  await receiptPrinter.start();

  const card = await device('card', 115200);
  const cardWriter = createPacedWriter(card.link, { baudRate: 115200 });
  const cardPrinter = new CardPrinterSimulator(card.link, { write: (bytes) => cardWriter.write(bytes) });
  await cardPrinter.start();

  const config = {
    devices: {
      idReader: { kind: 'idCardReader', driver: 'serial', port: reader.pair.hostPath, baudRate: 115200 },
      scanner: { kind: 'qrScanner', driver: 'serial', port: scan.pair.hostPath, baudRate: 9600 },
      receiptPrinter: { kind: 'receiptPrinter', driver: 'serial', port: receipt.pair.hostPath, baudRate: 115200 },
      cardPrinter: { kind: 'cardPrinter', driver: 'serial', port: card.pair.hostPath, baudRate: 115200 },
    },
  };
  console.log('Device simulators running on pseudo-terminals (the kiosk opens the first path, the simulator the second):');
  for (const [name, { pair }] of Object.entries({ idReader: reader, scanner: scan, receiptPrinter: receipt, cardPrinter: card })) {
    console.log(`  ${name.padEnd(15)} ${pair.hostPath}  <->  ${pair.devicePath}`);
  }
  console.log('\nConfiguration snippet (merge into the file KIOSK_CONFIG points at):');
  console.log(JSON.stringify(config, null, 2));
  console.log(`\nCommands: card <${['normalResident', 'rareCharacterName', 'under16', 'unreadable', '…'].join('|')}> · remove · scan <text>`);
  console.log('          paper <full|low|out> · cover <open|close> (receipt) · cards <n> · ribbon <n> · jam · unjam · help · quit');

  const commands: Record<string, (arg: string) => string | void> = {
    card: (arg) => {
      idReader.placeCard(fixtureCard(arg as FixtureName));
      return `placed ${arg}`;
    },
    remove: () => void idReader.removeCard(),
    scan: (arg) => void scanner.scan(arg),
    paper: (arg) => (arg === 'full' ? receiptPrinter.reload() : receiptPrinter.setPaper(arg as 'low' | 'out')),
    cover: (arg) => (arg === 'open' ? receiptPrinter.openCover() : receiptPrinter.closeCover()),
    cards: (arg) => cardPrinter.setCards(Number(arg)),
    ribbon: (arg) => cardPrinter.setRibbon(Number(arg)),
    jam: () => cardPrinter.jamNextCard(),
    unjam: () => cardPrinter.clearJam(),
    help: () => 'see the command list above',
    quit: () => void stop(),
  };

  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const [name = '', ...rest] = line.trim().split(/\s+/);
    if (!name) return;
    const command = commands[name];
    if (!command) return console.log(`unknown command "${name}"`);
    try {
      console.log(command(rest.join(' ')) ?? 'ok');
    } catch (error) {
      console.log(`failed: ${(error as Error).message}`);
    }
  });
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const link of links) await link.close();
  for (const pair of pairs) await pair.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

main().catch(async (error: unknown) => {
  console.error(`npm run sim failed: ${(error as Error).message}`);
  await stop();
});
