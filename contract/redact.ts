/**
 * Masks anything that looks like a mainland ID number (17 digits + digit or X) inside free text,
 * e.g. a log line: 11010519491231002X → 110105********002X. Pure, for every layer.
 */
const ID_NUMBER_IN_TEXT = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;

export function maskIdNumbersInText(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, '$1********$2');
}
