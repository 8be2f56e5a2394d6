/** The issuer keys a receiver trusts, from verify/trusted-keys.json (the CLI and the page share it). */
import { issuerKey, type IssuerKey } from '../services/documents/signing/code';
import { isValidPublicKey } from '../services/documents/signing/sm';
import keys from './trusted-keys.json';

export interface TrustedKeyEntry {
  name: string;
  publicKey: string;
}

/** Validates and converts key entries; throws naming the bad entry. */
export function toIssuerKeys(entries: readonly TrustedKeyEntry[]): IssuerKey[] {
  return entries.map((entry, i) => {
    if (typeof entry.name !== 'string' || !isValidPublicKey(entry.publicKey)) throw new Error(`trusted key ${i} (${entry.name}) is not a valid SM2 public key`);
    return issuerKey(entry.publicKey, entry.name);
  });
}

export const TRUSTED_KEYS: IssuerKey[] = toIssuerKeys(keys);
