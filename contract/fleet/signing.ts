/**
 * Signing and verifying fleet commands with SM2/SM3 (GB/T 32918.2 with the default signer ID of
 * GB/T 35276), the algorithms Chinese public-security systems are required to use, through
 * sm-crypto-v2 with the same options as services/documents/signing/sm.ts (checked there against the
 * standard's vectors; signing.test.ts checks that the two agree). Plain JavaScript with no Node
 * APIs: the fleet console signs in the browser and the kiosk verifies with this same code.
 */
import { sm2 } from 'sm-crypto-v2';
import { CommandBody, type SignedCommand, type FleetAction } from './commands';

const SIGNER_ID = '1234567812345678';

/** Key order fixed, so both sides build the same bytes whatever order a JSON parser kept. */
function canonicalAction(action: FleetAction): string {
  const entries = Object.entries(action).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}

/** The exact text that is signed: a domain tag, then every field of the body in a fixed order. */
export function canonicalCommandText(body: CommandBody): string {
  return [
    'kiosk-fleet-command/v1',
    String(body.v),
    body.id,
    body.kioskId,
    body.staffId,
    body.issuedAt,
    body.expiresAt,
    canonicalAction(body.action),
  ].join('\n');
}

export function signCommand(body: CommandBody, privateKeyHex: string): SignedCommand {
  const checked = CommandBody.parse(body);
  const sig = sm2.doSignature(canonicalCommandText(checked), privateKeyHex, { hash: true, userId: SIGNER_ID });
  return { ...checked, sig: sig.padStart(128, '0') };
}

/** True when `command` is signed by the holder of `publicKeyHex` (04‖x‖y). Never throws. */
export function verifyCommandSignature(command: SignedCommand, publicKeyHex: string): boolean {
  try {
    const { sig, ...body } = command;
    return sm2.doVerifySignature(canonicalCommandText(body), sig, publicKeyHex, { hash: true, userId: SIGNER_ID });
  } catch {
    return false;
  }
}

export const fleetPublicKeyOf = (privateKeyHex: string): string => sm2.getPublicKeyFromPrivateKey(privateKeyHex);

export function generateFleetKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey, publicKey };
}

/** A random 16-byte nonce as hex (WebCrypto: the browser and Node alike). */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
