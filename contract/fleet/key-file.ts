/**
 * A staff member's command-signing key as a file they carry (a USB stick), sealed with their
 * passphrase: PBKDF2-SHA-256 (600,000 iterations, OWASP's current figure) derives an AES-256-GCM
 * key that encrypts the SM2 private key. WebCrypto only, so `npm run fleet:key` writes it in Node
 * and the fleet console opens it in the browser; the private key is then held in memory only, for
 * that console session. (Where staff carry an SM2 USB key (UKey) instead, the console would call the
 * token's signing API here; the command format does not change.)
 */
import { z } from 'zod';
import { StaffCode } from '../staff';

const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

export const StaffKeyFile = z
  .object({
    format: z.literal('kiosk-fleet-staff-key/v1'),
    staffId: StaffCode,
    /** The public key the kiosks are configured with (`fleet.commands.signers`). */
    publicKey: z.string().regex(/^04[0-9a-f]{128}$/),
    kdf: z.object({ name: z.literal('PBKDF2'), hash: z.literal('SHA-256'), iterations: z.number().int().min(100_000), salt: Base64 }),
    cipher: z.object({ name: z.literal('AES-GCM'), iv: Base64 }),
    /** The 32-byte private key, encrypted (with its 16-byte tag). */
    sealedPrivateKey: Base64,
  })
  .strict();
export type StaffKeyFile = z.infer<typeof StaffKeyFile>;

const ITERATIONS = 600_000;

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const hexToBytes = (hex: string): Uint8Array<ArrayBuffer> => Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
const bytesToHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function passphraseKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** The staff id and public key are bound to the ciphertext as associated data: swapping them breaks the file. */
const associatedData = (staffId: string, publicKey: string) => new TextEncoder().encode(`${staffId}\n${publicKey}`);

export async function sealStaffKey(options: { staffId: string; privateKey: string; publicKey: string; passphrase: string; iterations?: number }): Promise<StaffKeyFile> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const iterations = options.iterations ?? ITERATIONS;
  const key = await passphraseKey(options.passphrase, salt, iterations);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(options.staffId, options.publicKey) }, key, hexToBytes(options.privateKey.padStart(64, '0')));
  return StaffKeyFile.parse({
    format: 'kiosk-fleet-staff-key/v1',
    staffId: options.staffId,
    publicKey: options.publicKey,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) },
    cipher: { name: 'AES-GCM', iv: toBase64(iv) },
    sealedPrivateKey: toBase64(new Uint8Array(sealed)),
  });
}

export type OpenedStaffKey = { ok: true; staffId: string; publicKey: string; privateKey: string } | { ok: false; reason: 'notAKeyFile' | 'wrongPassphrase' };

/** Opens a key file with the passphrase; a wrong passphrase or a tampered file is a value, not an exception. */
export async function openStaffKey(json: unknown, passphrase: string): Promise<OpenedStaffKey> {
  const file = StaffKeyFile.safeParse(json);
  if (!file.success) return { ok: false, reason: 'notAKeyFile' };
  const { staffId, publicKey, kdf, cipher, sealedPrivateKey } = file.data;
  try {
    const key = await passphraseKey(passphrase, fromBase64(kdf.salt), kdf.iterations);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(cipher.iv), additionalData: associatedData(staffId, publicKey) }, key, fromBase64(sealedPrivateKey));
    return { ok: true, staffId, publicKey, privateKey: bytesToHex(new Uint8Array(plain)) };
  } catch {
    return { ok: false, reason: 'wrongPassphrase' };
  }
}
