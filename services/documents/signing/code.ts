/**
 * The signed verification code printed as a QR on every document, and its offline verification.
 *
 *   KV1|<kind>|<number>|<masked ID>|<issued YYYYMMDD>|<expires YYYYMMDD>|<purpose>|<unit>|<digest>|<key id>|<signature>
 *
 * kind is NCR (无犯罪记录证明) or TPD (交通违法简易程序处罚决定书); digest is the base64url SM3 of the
 * document's fields (canonical JSON), so the code also pins every printed field; key id names the
 * issuer key; signature is base64url(r‖s), SM2 with SM3 over everything before the last "|".
 * Text, not JSON: a verifier can read it with any QR reader, and it fits a small QR code.
 * Pure code without Node APIs: the static verification page runs this same module.
 */
import { DEFAULT_USER_ID, hexToBytes, keyIdOf, sm2Sign, sm2Verify, sm3Hex } from './sm';

export const CODE_VERSION = 'KV1';
export const DocumentKinds = { NCR: '无犯罪记录证明', TPD: '公安交通管理简易程序处罚决定书' } as const;
export type DocumentKind = keyof typeof DocumentKinds;

export interface CodePayload {
  kind: DocumentKind;
  number: string;
  maskedId: string;
  /** YYYY-MM-DD */
  issued: string;
  /** YYYY-MM-DD: the last day the document is valid. */
  expires: string;
  purpose: string;
  unit: string;
  /** base64url SM3 digest of the document's fields. */
  digest: string;
  keyId: string;
}

export interface IssuerKey {
  keyId: string;
  /** Uncompressed SM2 public key, 04‖x‖y, hex. */
  publicKey: string;
  /** Who holds the private key, e.g. 北京市公安局. */
  name: string;
}

export type Verdict =
  | { verdict: 'valid'; payload: CodePayload; issuer: IssuerKey }
  | { verdict: 'expired'; payload: CodePayload; issuer: IssuerKey }
  | { verdict: 'notYetValid'; payload: CodePayload; issuer: IssuerKey }
  | { verdict: 'badSignature'; payload: CodePayload; issuer: IssuerKey }
  | { verdict: 'unknownIssuer'; payload: CodePayload }
  | { verdict: 'malformed'; reason: string };

export class CodeFormatError extends Error {
  override name = 'CodeFormatError';
}

// ---- base64url without Buffer (browser too) ----------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63].map((v) => ALPHABET[v]).join('');
    out += chars.slice(0, Math.ceil(((Math.min(3, bytes.length - i)) * 8) / 6));
  }
  return out;
}
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    const n = [...chunk].reduce((acc, c, k) => acc | (ALPHABET.indexOf(c) << (18 - 6 * k)), 0);
    const bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255].slice(0, Math.floor((chunk.length * 6) / 8));
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

// ---- fields digest -----------------------------------------------------------------------------

/** JSON with sorted keys at every level: the same fields always give the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The base64url SM3 digest of a document's fields. */
export const fieldsDigest = (fields: unknown): string => toBase64Url(hexToBytes(sm3Hex(canonicalJson(fields))));

// ---- encoding ----------------------------------------------------------------------------------

const compactDate = (iso: string) => iso.replaceAll('-', '');
const isoDate = (compact: string) => `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The signed part of a code (everything the signature covers). */
export function encodePayload(p: CodePayload): string {
  const fields = [p.number, p.maskedId, p.purpose, p.unit];
  if (fields.some((f) => f.includes('|') || /[\r\n]/.test(f) || f.length === 0)) throw new CodeFormatError('code fields must be non-empty and must not contain "|" or line breaks');
  if (!DATE.test(p.issued) || !DATE.test(p.expires)) throw new CodeFormatError('issued and expires must be YYYY-MM-DD');
  if (/^\d{17}[\dX]$/i.test(p.maskedId)) throw new CodeFormatError('the code carries a masked ID number, never a full one');
  return [CODE_VERSION, p.kind, p.number, p.maskedId, compactDate(p.issued), compactDate(p.expires), p.purpose, p.unit, p.digest, p.keyId].join('|');
}

/** Signs a payload with the issuer's private key: the text printed in the QR code. */
export function signCode(payload: CodePayload, privateKeyHex: string, options: { fixedK?: string } = {}): string {
  const signed = encodePayload(payload);
  return `${signed}|${toBase64Url(sm2Sign(signed, privateKeyHex, { userId: DEFAULT_USER_ID, ...options }))}`;
}

/** Splits a code into its payload, the signed text and the signature; throws CodeFormatError. */
export function parseCode(code: string): { payload: CodePayload; signed: string; signature: Uint8Array } {
  const text = code.trim();
  const parts = text.split('|');
  if (parts[0] !== CODE_VERSION) throw new CodeFormatError(`not a document verification code (it should start with ${CODE_VERSION}|)`);
  if (parts.length !== 11) throw new CodeFormatError(`a verification code has 11 fields, this one has ${parts.length}`);
  const [, kind, number, maskedId, issued, expires, purpose, unit, digest, keyId, sig] = parts as [string, string, string, string, string, string, string, string, string, string, string];
  if (!(kind in DocumentKinds)) throw new CodeFormatError(`unknown document kind ${kind}`);
  if (!/^\d{8}$/.test(issued) || !/^\d{8}$/.test(expires)) throw new CodeFormatError('dates must be YYYYMMDD');
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw new CodeFormatError('the key id must be 8 hex digits');
  const signature = fromBase64Url(sig);
  if (!signature || signature.length !== 64) throw new CodeFormatError('the signature is not 64 bytes of base64url');
  const payload: CodePayload = { kind: kind as DocumentKind, number, maskedId, issued: isoDate(issued), expires: isoDate(expires), purpose, unit, digest, keyId };
  return { payload, signed: text.slice(0, text.lastIndexOf('|')), signature };
}

/** Builds an IssuerKey record (key id derived from the key). */
export const issuerKey = (publicKey: string, name: string): IssuerKey => ({ keyId: keyIdOf(publicKey), publicKey: publicKey.toLowerCase(), name });

/**
 * Verifies a code offline against the trusted issuer keys, on the date `today` (YYYY-MM-DD, the
 * verifier's local date). The signature is checked before anything the code says is believed.
 */
export function verifyCode(code: string, trusted: readonly IssuerKey[], today: string): Verdict {
  let parsed: ReturnType<typeof parseCode>;
  try {
    parsed = parseCode(code);
  } catch (error) {
    return { verdict: 'malformed', reason: error instanceof Error ? error.message : String(error) };
  }
  const { payload, signed, signature } = parsed;
  const issuer = trusted.find((key) => key.keyId === payload.keyId);
  if (!issuer) return { verdict: 'unknownIssuer', payload };
  if (!sm2Verify(signed, signature, issuer.publicKey)) return { verdict: 'badSignature', payload, issuer };
  if (today > payload.expires) return { verdict: 'expired', payload, issuer };
  if (today < payload.issued) return { verdict: 'notYetValid', payload, issuer };
  return { verdict: 'valid', payload, issuer };
}

/** One sentence for each verdict, in Chinese and English (CLI and page). */
export function describeVerdict(v: Verdict): { ok: boolean; zh: string; en: string } {
  switch (v.verdict) {
    case 'valid':
      return { ok: true, zh: `真实有效：由${v.issuer.name}签发，有效期至${v.payload.expires}。`, en: `Genuine and valid: issued by ${v.issuer.name}, valid until ${v.payload.expires}.` };
    case 'expired':
      return { ok: false, zh: `签名真实，但文书已于${v.payload.expires}过期。`, en: `Genuine signature, but the document expired on ${v.payload.expires}.` };
    case 'notYetValid':
      return { ok: false, zh: `签名真实，但签发日期${v.payload.issued}晚于今天，请核对日期。`, en: `Genuine signature, but it is dated ${v.payload.issued}, after today: check the date.` };
    case 'badSignature':
      return { ok: false, zh: '签名不符：内容被改动，或并非由可信签发机关签发。此文书不可信。', en: 'Signature does not match: the content was altered, or it was not signed by the trusted issuer. Do not accept this document.' };
    case 'unknownIssuer':
      return { ok: false, zh: `签发密钥 ${v.payload.keyId} 不在可信签发机关名单中（密钥错误）。此文书不可信。`, en: `Signed with key ${v.payload.keyId}, which is not a trusted issuer key (wrong key). Do not accept this document.` };
    case 'malformed':
      return { ok: false, zh: `不是有效的核验码：${v.reason}`, en: `Not a valid verification code: ${v.reason}` };
  }
}
