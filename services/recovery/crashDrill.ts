/**
 * Crash drill: a child process for the kill -9 fault test. It runs one simulated transaction
 * (identity → payment created → paid) against a journal file and a file-backed payment
 * provider in `dataDir`, reports each milestone on stdout, then hangs before printing: the test
 * kills it there with SIGKILL and runs start-up recovery on the same files.
 *
 *   node --import tsx services/recovery/crashDrill.ts <dataDir> <hang-after-paid|hang-after-created> [sim|embedded]
 *
 * `sim` (default) is the payments simulator (provider.db); `embedded` is the backend simulator
 * behind the embedded gateway (backend.db). Both keep their state in files that outlive the crash.
 */
import { join } from 'node:path';
import { openJournal } from '../journal/journal';
import { createEmbeddedGateway } from '../backend-sim/embedded';
import { createPaymentService } from '../payments/paymentService';
import { createSimulatedPaymentProvider } from '../payments/simulatedProvider';
import type { PaymentGateway } from '../payments/types';

const [dataDir, mode = 'hang-after-paid', providerKind = 'sim'] = process.argv.slice(2);
if (!dataDir || !['hang-after-paid', 'hang-after-created'].includes(mode) || !['sim', 'embedded'].includes(providerKind)) {
  process.stderr.write('usage: crashDrill.ts <dataDir> <hang-after-paid|hang-after-created> [sim|embedded]\n');
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const hang = () => setInterval(() => {}, 60_000); // alive until killed

const journal = openJournal(join(dataDir, 'journal.db'), { kioskId: 'K001' });
let provider: PaymentGateway;
let residentPays: (orderId: string) => void;
if (providerKind === 'embedded') {
  const embedded = createEmbeddedGateway({ dbPath: join(dataDir, 'backend.db') });
  provider = embedded;
  residentPays = (orderId) => void embedded.sim.controls.simulateResidentPays(orderId);
} else {
  const simulated = createSimulatedPaymentProvider({ path: join(dataDir, 'provider.db') });
  provider = simulated;
  residentPays = (orderId) => void simulated.payerPays(orderId);
}
const payments = createPaymentService({ gateway: provider, journal, pollInitialMs: 10, pollMaxMs: 50 });

const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000, idNumber: '11010519491231002X' });
if (!tx.ok) throw new Error(tx.error.message);
journal.recordStep(tx.value.id, { kind: 'identityChecked', data: { masked: '110105********002X' } });
journal.recordStep(tx.value.id, { kind: 'faceMatched', data: { score: 0.93 } });
const attempt = await payments.startPayment({ transactionId: tx.value.id, amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' });
if (!attempt.ok) throw new Error(attempt.error.message);
say(`created ${tx.value.id} ${attempt.value.order.orderId}`);
if (mode === 'hang-after-created') {
  hang();
} else {
  setTimeout(() => residentPays(attempt.value.order.orderId), 30); // the resident pays with their phone
  const outcome = await attempt.value.waitForPayment({ timeoutMs: 10_000 });
  say(`${outcome.kind} ${tx.value.id} ${attempt.value.order.orderId}`);
  hang(); // ... and the kiosk dies before "printed"
}
