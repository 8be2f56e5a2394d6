/**
 * What the kiosk does with a document the police backend issued: verify the issuer's signed code
 * with the configured public key, check that the code covers exactly these fields, and only then
 * lay out the PDF. A document that does not verify is never printed.
 */
import { buildNoCriminalRecordCertificatePdf, certificateFields, type NoCriminalRecordCertificate } from './certificate';
import { MissingGlyphError } from './fonts';
import { LayoutOverflowError } from './layout';
import { buildTrafficPenaltyDecisionPdf, decisionFields, type TrafficPenaltyDecision } from './penalty-decision';
import { describeVerdict, fieldsDigest, verifyCode, type CodePayload, type IssuerKey, type Verdict } from './signing/code';

/** A document as the backend issues it: its typed fields and the issuer's signed code. */
export type IssuedDocument =
  | { kind: 'NCR'; data: NoCriminalRecordCertificate; code: string }
  | { kind: 'TPD'; data: TrafficPenaltyDecision; code: string };

export type DocumentRefusal =
  | { reason: 'notVerified'; verdict: Verdict['verdict']; message: string }
  | { reason: 'fieldsMismatch'; message: string }
  | { reason: 'unprintableCharacter'; codePoint: string; message: string }
  | { reason: 'doesNotFit'; message: string };

export type PreparedDocument = { ok: true; pdf: Buffer; payload: CodePayload } | { ok: false; refusal: DocumentRefusal };

const fieldsOf = (doc: IssuedDocument): Record<string, unknown> => (doc.kind === 'NCR' ? certificateFields(doc.data) : decisionFields(doc.data));
const numberOf = (doc: IssuedDocument): string => (doc.kind === 'NCR' ? doc.data.number : doc.data.decisionNumber);

/** Checks the signed code against the trusted keys and the fields; undefined when it may be printed. */
export function checkIssuedDocument(doc: IssuedDocument, trusted: readonly IssuerKey[], today: string): { payload: CodePayload } | DocumentRefusal {
  const verdict = verifyCode(doc.code, trusted, today);
  if (verdict.verdict !== 'valid') return { reason: 'notVerified', verdict: verdict.verdict, message: describeVerdict(verdict).en };
  const { payload } = verdict;
  if (payload.kind !== doc.kind) return { reason: 'fieldsMismatch', message: `the code is for a ${payload.kind} document, not ${doc.kind}` };
  if (payload.number !== numberOf(doc)) return { reason: 'fieldsMismatch', message: 'the code carries another document number' };
  if (payload.digest !== fieldsDigest(fieldsOf(doc))) return { reason: 'fieldsMismatch', message: 'the document fields differ from the ones the issuer signed' };
  return { payload };
}

/** Verifies, then lays out the PDF. Every refusal is a value naming why (and never personal data). */
export async function prepareIssuedDocument(doc: IssuedDocument, trusted: readonly IssuerKey[], today: string): Promise<PreparedDocument> {
  const checked = checkIssuedDocument(doc, trusted, today);
  if ('reason' in checked) return { ok: false, refusal: checked };
  try {
    const pdf = doc.kind === 'NCR' ? await buildNoCriminalRecordCertificatePdf(doc.data, doc.code) : await buildTrafficPenaltyDecisionPdf(doc.data, doc.code);
    return { ok: true, pdf, payload: checked.payload };
  } catch (error) {
    if (error instanceof MissingGlyphError) {
      return { ok: false, refusal: { reason: 'unprintableCharacter', codePoint: error.codePoint, message: `the font has no glyph for ${error.codePoint}: staff must issue this document at the counter` } };
    }
    if (error instanceof LayoutOverflowError) return { ok: false, refusal: { reason: 'doesNotFit', message: error.message } };
    throw error;
  }
}
