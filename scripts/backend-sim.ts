/**
 * Runs the police-backend simulator on loopback:
 *   npx tsx scripts/backend-sim.ts [--port 8931] [--db file.sqlite] [--auto-pay-ms 5000]
 * Prints the URL and the operations; exits cleanly on SIGINT/SIGTERM.
 */
import { operations } from '../services/gateway/operations';
import { DEV_CREDENTIALS } from '../services/backend-sim/fixtures';
import { startBackendSimulator } from '../services/backend-sim/server';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(option('port') ?? 8931);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('--port must be 0-65535');
  process.exit(2);
}
const dbPath = option('db');
const autoPay = option('auto-pay-ms');

const simulator = await startBackendSimulator({
  port,
  ...(dbPath ? { dbPath } : {}),
  ...(autoPay ? { autoPayAfterMs: Number(autoPay) } : {}),
});
console.log(`police-backend simulator listening on ${simulator.url} (${dbPath ? `db ${dbPath}` : 'in-memory db'})`);
console.log(`credentials (development only): ${DEV_CREDENTIALS.clientId}:${'*'.repeat(8)} — see services/backend-sim/fixtures.ts`);
for (const [id, spec] of Object.entries(operations)) {
  console.log(`  ${spec.method.padEnd(4)} ${spec.path.padEnd(44)} ${id}${spec.effect ? '  [Idempotency-Key]' : ''}`);
}

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  simulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
