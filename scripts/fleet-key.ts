/**
 * `npm run fleet:key -- --staff-id 010123 --out 010123.fleet-key.json`: makes a staff member's
 * command-signing key (SM2). The private key is written only sealed with their passphrase (typed on
 * standard input; at least 12 characters), for them to open in the fleet console; the public key is
 * printed as a `fleet.commands.signers` entry for the configuration of every kiosk they may command.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { sealStaffKey } from '../contract/fleet/key-file';
import { generateFleetKeyPair } from '../contract/fleet/signing';
import { StaffCode } from '../contract/staff';

const flag = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
};

async function readPassphrase(): Promise<string> {
  process.stderr.write('Passphrase (at least 12 characters): ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

const staffId = StaffCode.safeParse(flag('staff-id'));
const out = flag('out');
if (!staffId.success || !out) {
  console.error('usage: npm run fleet:key -- --staff-id <staff code> --out <file.json>');
  process.exit(2);
}
const passphrase = await readPassphrase();
if (passphrase.length < 12) {
  console.error('\nthe passphrase must be at least 12 characters');
  process.exit(2);
}
const { privateKey, publicKey } = generateFleetKeyPair();
const file = await sealStaffKey({ staffId: staffId.data, privateKey, publicKey, passphrase });
writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
console.error(`\nwrote ${out} (sealed with the passphrase; give it to ${staffId.data} only)`);
console.log(JSON.stringify({ staffId: staffId.data, publicKey }));
