/**
 * The OCR line on the back of a travel-permit card (往来港澳通行证 CS, 大陆居民往来台湾通行证 CD) and its
 * check digits (ICAO 9303 Part 3: weights 7 3 1, `<` = 0, A–Z = 10–35). Pure functions, shared by
 * the keypad (checking as the resident types) and the chip reader (deriving the BAC key).
 *
 * Layout (30 characters; the filler positions are this project's reading of the public description
 * "CS + 9-character number + check digit, expiry + check digit, birth date + check digit,
 * composite check digit" — the separators are an assumption, kept in this one table):
 *
 *   0–1  document code (CS or CD)     13–18 expiry YYMMDD          21–26 birth date YYMMDD
 *   2–10 document number              19    expiry check digit     27    birth-date check digit
 *   11   document-number check digit  20    `<`                    28    `<`
 *   12   `<`                                                       29    composite check digit
 */
import type { Result } from './result';

export const OCR_LINE_LENGTH = 30;
export const PERMIT_DOCUMENT_CODES = ['CS', 'CD'] as const;
export type PermitDocumentCode = (typeof PERMIT_DOCUMENT_CODES)[number];

export type OcrField = 'documentCode' | 'documentNumber' | 'expiry' | 'birthDate' | 'filler' | 'composite';

interface Span {
  field: OcrField;
  start: number;
  end: number; // exclusive
  /** Index of this span's check digit, when it has one. */
  check?: number;
}

const SPANS: readonly Span[] = [
  { field: 'documentCode', start: 0, end: 2 },
  { field: 'documentNumber', start: 2, end: 11, check: 11 },
  { field: 'filler', start: 12, end: 13 },
  { field: 'expiry', start: 13, end: 19, check: 19 },
  { field: 'filler', start: 20, end: 21 },
  { field: 'birthDate', start: 21, end: 27, check: 27 },
  { field: 'filler', start: 28, end: 29 },
];
const COMPOSITE_INDEX = 29;
/** The composite check digit covers the number, expiry and birth date with their check digits. */
const COMPOSITE_RANGES: readonly [number, number][] = [
  [2, 12],
  [13, 20],
  [21, 28],
];

/** Value of one MRZ character for check digits, or undefined for a character the MRZ cannot hold. */
export function mrzCharValue(ch: string): number | undefined {
  if (ch === '<') return 0;
  const code = ch.charCodeAt(0);
  if (ch.length !== 1) return undefined;
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return undefined;
}

/** ICAO 9303 Part 3 check digit (weights 7 3 1 repeating, sum mod 10). Throws on a non-MRZ character. */
export function checkDigit(text: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const value = mrzCharValue(text[i]!);
    if (value === undefined) throw new RangeError(`not an MRZ character at ${i}`);
    sum += value * weights[i % 3]!;
  }
  return sum % 10;
}

/** Normalises typed or scanned text: upper case, no spaces; OCR readers often send `«` for `<`. */
export function normaliseOcrText(text: string): string {
  return text.toUpperCase().replace(/[\s]/g, '').replace(/«/g, '<');
}

export type OcrProblem =
  | { kind: 'badCharacter'; index: number }
  | { kind: 'badDocumentCode'; index: number }
  | { kind: 'badDate'; field: 'expiry' | 'birthDate'; index: number }
  | { kind: 'fillerExpected'; index: number }
  | { kind: 'checkDigit'; field: 'documentNumber' | 'expiry' | 'birthDate' | 'composite'; index: number }
  | { kind: 'tooLong'; index: number };

/** What the keypad shows while the resident types: the first problem, which field is next, done or not. */
export interface OcrTypingState {
  text: string;
  /** The first problem in what has been typed so far (the keypad marks this position). */
  problem?: OcrProblem;
  /** The field the next character belongs to, or undefined when the line is complete. */
  nextField?: OcrField | 'check';
  complete: boolean;
}

function fieldAt(index: number): OcrField | 'check' | undefined {
  if (index === COMPOSITE_INDEX) return 'composite';
  for (const span of SPANS) {
    if (index >= span.start && index < span.end) return span.field;
    if (span.check === index) return 'check';
  }
  return undefined;
}

function validDatePrefix(digits: string): boolean {
  if (!/^\d*$/.test(digits)) return false;
  const month = digits.slice(2, 4);
  const day = digits.slice(4, 6);
  if (month.length >= 1 && Number(month[0]) > 1) return false;
  if (month.length === 2 && (Number(month) < 1 || Number(month) > 12)) return false;
  if (day.length >= 1 && Number(day[0]) > 3) return false;
  if (day.length === 2 && (Number(day) < 1 || Number(day) > 31)) return false;
  return true;
}

/**
 * Checks a partly typed OCR line character by character: every check digit is verified as soon as it
 * is typed, so a mistake is caught at the field where it was made, not at the end.
 */
export function checkOcrLineAsTyped(input: string): OcrTypingState {
  const text = normaliseOcrText(input);
  const result = (problem?: OcrProblem): OcrTypingState => {
    const complete = problem === undefined && text.length === OCR_LINE_LENGTH;
    const nextField = text.length < OCR_LINE_LENGTH ? fieldAt(text.length) : undefined;
    return { text, ...(problem ? { problem } : {}), ...(nextField ? { nextField } : {}), complete };
  };
  for (let i = 0; i < text.length; i++) {
    if (i >= OCR_LINE_LENGTH) return result({ kind: 'tooLong', index: i });
    if (mrzCharValue(text[i]!) === undefined) return result({ kind: 'badCharacter', index: i });
  }
  const code = text.slice(0, 2);
  if (code.length > 0 && !PERMIT_DOCUMENT_CODES.some((c) => c.startsWith(code)))
    return result({ kind: 'badDocumentCode', index: 0 });
  for (const span of SPANS) {
    if (text.length <= span.start) break;
    const value = text.slice(span.start, span.end);
    if (span.field === 'filler' && value !== '<') return result({ kind: 'fillerExpected', index: span.start });
    if ((span.field === 'expiry' || span.field === 'birthDate') && !validDatePrefix(value)) {
      return result({ kind: 'badDate', field: span.field, index: span.start });
    }
    if (span.check !== undefined && text.length > span.check) {
      const typed = text[span.check]!;
      if (!/\d/.test(typed) || Number(typed) !== checkDigit(value)) {
        return result({
          kind: 'checkDigit',
          field: span.field as 'documentNumber' | 'expiry' | 'birthDate',
          index: span.check,
        });
      }
    }
  }
  if (text.length > COMPOSITE_INDEX) {
    const covered = COMPOSITE_RANGES.map(([a, b]) => text.slice(a, b)).join('');
    if (Number(text[COMPOSITE_INDEX]) !== checkDigit(covered) || !/\d/.test(text[COMPOSITE_INDEX]!)) {
      return result({ kind: 'checkDigit', field: 'composite', index: COMPOSITE_INDEX });
    }
  }
  return result();
}

/** A complete, valid OCR line. Dates stay as printed (YYMMDD); the chip's DG1 gives the century. */
export interface PermitOcrLine {
  documentCode: PermitDocumentCode;
  documentNumber: string;
  expiry: string;
  birthDate: string;
  text: string;
}

/** Parses a complete OCR line; every check digit must hold. */
export function parseOcrLine(input: string): Result<PermitOcrLine, OcrProblem | { kind: 'incomplete'; index: number }> {
  const state = checkOcrLineAsTyped(input);
  if (state.problem) return { ok: false, error: state.problem };
  if (!state.complete) return { ok: false, error: { kind: 'incomplete', index: state.text.length } };
  const text = state.text;
  return {
    ok: true,
    value: {
      documentCode: text.slice(0, 2) as PermitDocumentCode,
      documentNumber: text.slice(2, 11),
      expiry: text.slice(13, 19),
      birthDate: text.slice(21, 27),
      text,
    },
  };
}

/** Builds the OCR line for a permit (used by fixtures and the card simulator's printed back). */
export function formatOcrLine(fields: {
  documentCode: PermitDocumentCode;
  documentNumber: string;
  expiry: string;
  birthDate: string;
}): string {
  const number = fields.documentNumber.padEnd(9, '<').slice(0, 9);
  const withCheck = (value: string) => `${value}${checkDigit(value)}`;
  const numberPart = withCheck(number);
  const expiryPart = withCheck(fields.expiry);
  const birthPart = withCheck(fields.birthDate);
  const composite = checkDigit(numberPart + expiryPart + birthPart);
  return `${fields.documentCode}${numberPart}<${expiryPart}<${birthPart}<${composite}`;
}

/** Masks a permit number for logs and screens: first and last two characters kept (C1*****78). */
export function maskPermitNumber(documentNumber: string): string {
  if (documentNumber.length <= 4) return '*'.repeat(documentNumber.length);
  return documentNumber.slice(0, 2) + '*'.repeat(documentNumber.length - 4) + documentNumber.slice(-2);
}
