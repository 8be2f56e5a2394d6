import { describe, expect, it } from 'vitest';
import { checkDigit, checkOcrLineAsTyped, formatOcrLine, maskPermitNumber, parseOcrLine } from './permit-ocr';

const LINE = formatOcrLine({ documentCode: 'CS', documentNumber: 'C12345678', expiry: '300101', birthDate: '900101' });

describe('permit OCR line', () => {
  it('computes ICAO 9303 check digits (the standard’s examples)', () => {
    expect(checkDigit('L898902C<')).toBe(3);
    expect(checkDigit('690806')).toBe(1);
    expect(checkDigit('940623')).toBe(6);
    expect(checkDigit('D23145890')).toBe(7); // ICAO 9303-3 example document number
  });

  it('formats and parses a 30-character line', () => {
    expect(LINE).toHaveLength(30);
    expect(LINE).toMatch(/^CSC12345678\d<300101\d<900101\d<\d$/);
    expect(parseOcrLine(LINE)).toEqual({
      ok: true,
      value: { documentCode: 'CS', documentNumber: 'C12345678', expiry: '300101', birthDate: '900101', text: LINE },
    });
    expect(parseOcrLine(` ${LINE.toLowerCase()} `).ok).toBe(true);
  });

  it('checks every prefix as typed: valid prefixes pass, the next field is named', () => {
    for (let n = 0; n <= 30; n++) expect(checkOcrLineAsTyped(LINE.slice(0, n)).problem).toBeUndefined();
    expect(checkOcrLineAsTyped('CSC1234').nextField).toBe('documentNumber');
    expect(checkOcrLineAsTyped(LINE.slice(0, 11)).nextField).toBe('check');
    expect(checkOcrLineAsTyped(LINE).complete).toBe(true);
  });

  it('catches a wrong check digit at the field where it was typed', () => {
    const wrong = (i: number) => LINE.slice(0, i) + String((Number(LINE[i]) + 1) % 10);
    expect(checkOcrLineAsTyped(wrong(11)).problem).toEqual({ kind: 'checkDigit', field: 'documentNumber', index: 11 });
    expect(
      checkOcrLineAsTyped(LINE.slice(0, 13) + '300101' + String((Number(LINE[19]) + 1) % 10)).problem,
    ).toMatchObject({ field: 'expiry', index: 19 });
    expect(checkOcrLineAsTyped(LINE.slice(0, 29) + String((Number(LINE[29]) + 1) % 10)).problem).toMatchObject({
      field: 'composite',
      index: 29,
    });
  });

  it('names other mistakes: wrong code, bad character, impossible date, missing filler, too long', () => {
    expect(checkOcrLineAsTyped('CX').problem).toEqual({ kind: 'badDocumentCode', index: 0 });
    expect(checkOcrLineAsTyped('CSC12$').problem).toEqual({ kind: 'badCharacter', index: 5 });
    expect(checkOcrLineAsTyped(LINE.slice(0, 13) + '3013').problem).toMatchObject({ kind: 'badDate', field: 'expiry' });
    expect(checkOcrLineAsTyped(LINE.slice(0, 12) + 'X').problem).toEqual({ kind: 'fillerExpected', index: 12 });
    expect(checkOcrLineAsTyped(LINE + '1').problem).toEqual({ kind: 'tooLong', index: 30 });
    expect(parseOcrLine(LINE.slice(0, 20))).toEqual({ ok: false, error: { kind: 'incomplete', index: 20 } });
  });

  it('masks permit numbers', () => {
    expect(maskPermitNumber('C12345678')).toBe('C1*****78');
  });
});
