/**
 * Short-lived sealed secrets that a flow needs to finish after a restart, and nothing else: e.g. a
 * travel permit chip's access key while an endorsement is being written, so that start-up recovery
 * can read the chip back and learn whether the write happened. The journal keeps masked data only
 * and cannot hold such a key.
 *
 * One file per transaction in `<dataDir>/scratch/`, AES-256-GCM under a key kept in its own file
 * (0600), with the transaction and purpose as associated data (a sealed value cannot be moved to
 * another transaction). A value is deleted as soon as the transaction ends, by the flow or by
 * recovery; `sweep` removes whatever a crash left behind for transactions that are no longer open.
 * Node's crypto is used directly: AES-GCM is in the standard library and needs no wrapper.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateSecret } from '../journal/secret';

export interface SealedScratch {
  /** Seals `value` for a transaction; false when it could not be written (the caller decides). */
  put(transactionId: string, purpose: string, value: string): boolean;
  /** The value, or undefined when there is none (or it does not open: tampered, another key). */
  get(transactionId: string, purpose: string): string | undefined;
  /** Deletes everything sealed for a transaction. Never throws. */
  remove(transactionId: string): void;
  /** Deletes the values of every transaction for which `keep` says no. Returns how many went. */
  sweep(keep: (transactionId: string) => boolean): number;
}

const SAFE_NAME = /^[A-Za-z0-9-]{1,64}$/;
const FILE = /^([A-Za-z0-9-]{1,64})\.([A-Za-z0-9-]{1,32})\.sealed$/;

export function openSealedScratch(dataDir: string): SealedScratch {
  const dir = join(dataDir, 'scratch');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = loadOrCreateSecret(join(dataDir, 'scratch.key'));
  const path = (transactionId: string, purpose: string) => {
    if (!SAFE_NAME.test(transactionId) || !SAFE_NAME.test(purpose) || purpose.length > 32) throw new Error('scratch names are letters, digits and dashes');
    return join(dir, `${transactionId}.${purpose}.sealed`);
  };
  const aad = (transactionId: string, purpose: string) => Buffer.from(`${transactionId}\n${purpose}`, 'utf8');

  return {
    put(transactionId, purpose, value) {
      try {
        const target = path(transactionId, purpose);
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        cipher.setAAD(aad(transactionId, purpose));
        const sealed = Buffer.concat([iv, cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
        // Written aside and renamed: a crash leaves the old value or the new one, never half of one.
        writeFileSync(`${target}.tmp`, sealed, { mode: 0o600, flush: true });
        renameSync(`${target}.tmp`, target);
        return true;
      } catch {
        return false;
      }
    },
    get(transactionId, purpose) {
      try {
        const sealed = readFileSync(path(transactionId, purpose));
        if (sealed.length < 12 + 16) return undefined;
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        decipher.setAAD(aad(transactionId, purpose));
        decipher.setAuthTag(sealed.subarray(sealed.length - 16));
        return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
    remove(transactionId) {
      if (!SAFE_NAME.test(transactionId)) return;
      for (const name of safeList(dir)) {
        if (FILE.exec(name)?.[1] === transactionId) rmSync(join(dir, name), { force: true });
      }
    },
    sweep(keep) {
      let removed = 0;
      for (const name of safeList(dir)) {
        const owner = FILE.exec(name)?.[1];
        if (owner === undefined && !name.endsWith('.tmp')) continue;
        if (owner !== undefined && keep(owner)) continue;
        rmSync(join(dir, name), { force: true });
        removed += 1;
      }
      return removed;
    },
  };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
