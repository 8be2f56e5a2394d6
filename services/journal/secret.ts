/**
 * The per-kiosk secret that keys ID-number hashes. Created once, on first start, in the data
 * directory with mode 0600; losing it only loses lookup by ID number, never transactions.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, openSync, readFileSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { dirname } from 'node:path';

const SECRET_BYTES = 32;

/** Reads the secret at `path`, creating it (0600, fsync'd) if it does not exist yet. */
export function loadOrCreateSecret(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  try {
    const fd = openSync(path, 'wx', 0o600); // exclusive: two starts cannot both create it
    try {
      writeSync(fd, randomBytes(SECRET_BYTES).toString('hex'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(path, 0o600); // the umask may have narrowed the mode; make it exact
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (secret.length !== SECRET_BYTES) throw new Error(`kiosk secret at ${path} is damaged (expected ${SECRET_BYTES} bytes)`);
  return secret;
}
