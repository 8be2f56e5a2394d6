/**
 * Who signs documents. In production the police backend signs and the kiosk only holds the
 * issuer's public key (configuration: services.documents.issuerKeys). The simulator signs with
 * the fixed development key below, so that the embedded backend, `npm run verify` and the offline
 * verification page agree out of the box. THIS PRIVATE KEY IS PUBLIC: it is for the simulator only,
 * and production configuration never trusts its public key (see trustedIssuerKeys).
 */
import { issuerKey, signCode, type CodePayload, type IssuerKey } from './signing/code';

export const SIMULATOR_ISSUER = {
  name: '警务室模拟签发机关（仅供开发测试）',
  privateKey: '3ba80c44060708ae71007399a5365a8c78886d58ff69f5762643ae0a6eafde31',
  publicKey: '04289d9f2c24fc3dd726d2ab9bfef1888e5dd20671ea739a00f4a1c6d4b1a744c5fd6bb4b1e022a793798b888a3c2ea5f5c830b521f8a3ac5d640de01c2e76bf3c',
} as const;

export const SIMULATOR_ISSUER_KEY: IssuerKey = issuerKey(SIMULATOR_ISSUER.publicKey, SIMULATOR_ISSUER.name);

/** A signer: the backend simulator's (or a test's) side of issuing a document. */
export interface DocumentSigner {
  readonly key: IssuerKey;
  sign(payload: Omit<CodePayload, 'keyId'>): string;
}

export function createSigner(privateKey: string, publicKey: string, name: string): DocumentSigner {
  const key = issuerKey(publicKey, name);
  return { key, sign: (payload) => signCode({ ...payload, keyId: key.keyId }, privateKey) };
}

export const simulatorSigner = (): DocumentSigner => createSigner(SIMULATOR_ISSUER.privateKey, SIMULATOR_ISSUER.publicKey, SIMULATOR_ISSUER.name);

/**
 * The keys a kiosk trusts: the configured issuer keys, plus the simulator's key in development
 * mode only.
 */
export function trustedIssuerKeys(configured: readonly { publicKey: string; name: string }[], mode: 'development' | 'production'): IssuerKey[] {
  const keys = configured.map((k) => issuerKey(k.publicKey, k.name));
  if (mode === 'development' && !keys.some((k) => k.keyId === SIMULATOR_ISSUER_KEY.keyId)) keys.push(SIMULATOR_ISSUER_KEY);
  return keys;
}
