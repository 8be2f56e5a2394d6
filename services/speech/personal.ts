/**
 * Defence in depth for the disk cache: the UI marks fixed prompts, and the core still refuses to
 * keep on disk any text that looks as if it could carry personal data (masked or full ID numbers,
 * long digit strings such as phone or transaction numbers, letter-and-digit codes).
 */
const PERSONAL_PATTERNS: readonly RegExp[] = [
  /\*/, // a mask: something was hidden because it was personal
  /\d{6,}/, // ID, phone, card and transaction numbers
  /\d{17}[\dXx]/,
  /[A-Za-z]\d{5,}|\d{5,}[A-Za-z]/, // permit and document numbers
];

export function mayBePersonal(text: string): boolean {
  return PERSONAL_PATTERNS.some((pattern) => pattern.test(text));
}
