/**
 * A4 documents for the police services: typed builders for the no-criminal-record certificate and
 * the simplified-procedure traffic penalty decision, SM2/SM3 signed verification codes, the
 * verify-before-print check and journalled printing on the A4 printer.
 */
export {
  buildNoCriminalRecordCertificatePdf,
  certificateCodePayload,
  certificateExpiry,
  certificateFields,
  certificatePeriod,
  type NoCriminalRecordCertificate,
} from './certificate';
export {
  buildTrafficPenaltyDecisionPdf,
  decisionCodePayload,
  decisionCodeExpiry,
  decisionFields,
  type TrafficPenaltyDecision,
} from './penalty-decision';
export { checkIssuedDocument, prepareIssuedDocument, type IssuedDocument, type DocumentRefusal, type PreparedDocument } from './prepare';
export { printIssuedDocument, documentJobId, documentStepKey, type A4Printer, type PrintDocumentInput, type PrintDocumentResult } from './print';
export { createSigner, simulatorSigner, trustedIssuerKeys, SIMULATOR_ISSUER_KEY, type DocumentSigner } from './issuer';
export { verifyCode, describeVerdict, signCode, parseCode, issuerKey, fieldsDigest, type CodePayload, type IssuerKey, type Verdict, type DocumentKind } from './signing/code';
export { MissingGlyphError, FontUnavailableError, warmUpDocumentFonts } from './fonts';
export { LayoutOverflowError, renderA4Document, A4Page } from './layout';
export { readQrFromPdf, readQrFromPng } from './qr-read';
export { chineseDate, issuerDate, ISSUER_TIME_ZONE, lastDayOfMonths, addDays, addYears } from './dates';
export { SAMPLE_CERTIFICATE, SAMPLE_DECISION } from './samples';
