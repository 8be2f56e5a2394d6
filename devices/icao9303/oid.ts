/** Object identifiers: DER encoding and decoding, and the ones the permit chip uses. */

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  ldsSecurityObject: '2.23.136.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  rsaPss: '1.2.840.113549.1.1.10',
} as const;

/** Node hash names by digest OID. */
export const HASH_BY_OID: Readonly<Record<string, string>> = {
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** Signature algorithms the verifier accepts, with the hash each implies. */
export const SIGNATURE_BY_OID: Readonly<Record<string, { hash: string; family: 'ecdsa' | 'rsa' | 'rsaPss' }>> = {
  [OID.ecdsaWithSha256]: { hash: 'sha256', family: 'ecdsa' },
  [OID.ecdsaWithSha384]: { hash: 'sha384', family: 'ecdsa' },
  [OID.ecdsaWithSha512]: { hash: 'sha512', family: 'ecdsa' },
  [OID.sha256WithRsa]: { hash: 'sha256', family: 'rsa' },
  [OID.sha384WithRsa]: { hash: 'sha384', family: 'rsa' },
  [OID.sha512WithRsa]: { hash: 'sha512', family: 'rsa' },
  [OID.rsaPss]: { hash: 'sha256', family: 'rsaPss' },
};

export function encodeOid(oid: string): Uint8Array {
  const parts = oid.split('.').map(Number);
  const bytes: number[] = [parts[0]! * 40 + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    bytes.push(...chunk);
  }
  return Uint8Array.from(bytes);
}

export function decodeOid(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const first = bytes[0]!;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let value = 0;
  for (let i = 1; i < bytes.length; i++) {
    value = value * 128 + (bytes[i]! & 0x7f);
    if ((bytes[i]! & 0x80) === 0) {
      parts.push(value);
      value = 0;
    } else if (i === bytes.length - 1) return undefined;
  }
  return parts.join('.');
}
