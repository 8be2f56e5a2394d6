/**
 * `npm run staff:enroll -- <idNumber> [pin] --staff-id <code> --role officer|technician --alias <name> (--key <hex> | --config <file>)`
 * prints one `staff.members` entry for the kiosk configuration. Without a PIN argument the PIN is
 * read from standard input (so it stays out of the shell history). `npm run staff:enroll -- --new-key`
 * prints a new post-wide `staff.idHashKey`.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { enrolStaff, newIdHashKey } from '../services/staff/enroll';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'staff-id': { type: 'string' },
    role: { type: 'string', default: 'officer' },
    alias: { type: 'string' },
    key: { type: 'string' },
    config: { type: 'string' },
    'new-key': { type: 'boolean', default: false },
  },
});

async function readPin(): Promise<string> {
  process.stderr.write('PIN: ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line.trim();
  }
  return '';
}

function keyFromConfig(path: string): string | undefined {
  const config = JSON.parse(readFileSync(path, 'utf8')) as { staff?: { idHashKey?: string } };
  return config.staff?.idHashKey;
}

async function main(): Promise<number> {
  if (values['new-key']) {
    process.stdout.write(`${JSON.stringify({ idHashKey: newIdHashKey() })}\n`);
    process.stderr.write(
      'Put it in staff.idHashKey of every kiosk of the post; keep the configuration file readable by the kiosk only.\n',
    );
    return 0;
  }
  const [idNumber, pinArgument] = positionals;
  const key = values.key ?? (values.config ? keyFromConfig(values.config) : undefined) ?? process.env.STAFF_ID_HASH_KEY;
  if (!idNumber || !values['staff-id'] || !values.alias || !key) {
    process.stderr.write(
      'usage: npm run staff:enroll -- <idNumber> [pin] --staff-id <code> --role officer|technician --alias <duty alias> (--key <hex> | --config <kiosk.json>)\n',
    );
    return 2;
  }
  const pin = pinArgument ?? (await readPin());
  const result = await enrolStaff({
    idNumber,
    pin,
    staffId: values['staff-id'],
    role: values.role as 'officer',
    alias: values.alias,
    key,
  });
  if (!result.ok) {
    process.stderr.write(`${result.problems.join('\n')}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(result.member, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
