/**
 * Layout of the temporary resident ID card (临时居民身份证), CR80 landscape at 300 dpi
 * (1016 x 648 design dots). Pure: fields in, positioned texts and the photo area out; the card
 * printer's compose step turns them into 1-bit panels. This is the only place the full ID number
 * is laid out: the card is an identity document.
 */
import { err, ok, type Result } from '../../contract/result';
import type { CardPhoto, CardSideSpec, CardText } from '../../devices/card-printer/compose';
import { composeCardSide } from '../../devices/card-printer/compose';

/** What the card shows (the backend's registration plus the issuing authority). */
export interface TempIdCardFields {
  name: string;
  sex: 'male' | 'female';
  ethnicity: string;
  /** YYYY-MM-DD */
  birthDate: string;
  address: string;
  /** The full 18-character number (printed only on the card). */
  idNumber: string;
  issuingAuthority: string;
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  validUntil: string;
}

/** A greyscale portrait (1 byte per pixel). */
export interface Portrait {
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** Where the photo goes on the front (top right, 2nd-generation card style). */
export const PHOTO_AREA = { x: 716, y: 118, width: 240, height: 300 } as const;
/** Where the name value is drawn (tests look for ink there). */
export const NAME_POSITION = { x: 190, y: 128, size: 46 } as const;

const LABEL_X = 60;
const VALUE_X = 190;
const LABEL_SIZE = 30;
const VALUE_SIZE = 36;
/** Widest the address may run before the photo column. */
const ADDRESS_WIDTH = PHOTO_AREA.x - VALUE_X - 24;

/** Approximate advance of a character in a CJK font: full width for CJK, about half for ASCII. */
export function charAdvance(ch: string, size: number): number {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x2e80 ? size * 0.56 : size;
}

/** Wraps text into lines no wider than `width` (character-level breaks suit Chinese addresses). */
export function wrapText(text: string, size: number, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const ch of text) {
    const advance = charAdvance(ch, size);
    if (used + advance > width && line) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += ch;
    used += advance;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, -1)}…`;
  return kept;
}

/** 1985-03-12 → "1985 年 3 月 12 日" as printed on ID cards. */
export function printedDate(date: string): { year: string; month: string; day: string } {
  const [year = '', month = '', day = ''] = date.split('-');
  return { year, month: String(Number(month)), day: String(Number(day)) };
}

/** Validity as printed on the back: 2025.06.16-2025.09.15. */
export function printedValidity(from: string, until: string): string {
  return `${from.replaceAll('-', '.')}-${until.replaceAll('-', '.')}`;
}

/** The front: title, name, sex, ethnicity, birth date, address, full ID number, photo. */
export function frontSide(fields: TempIdCardFields, portrait: Portrait): CardSideSpec {
  const birth = printedDate(fields.birthDate);
  const label = (text: string, y: number, x = LABEL_X): CardText => ({ text, x, y, size: LABEL_SIZE });
  const value = (text: string, y: number, x = VALUE_X, size = VALUE_SIZE): CardText => ({ text, x, y, size });
  const addressLines = wrapText(fields.address, VALUE_SIZE, ADDRESS_WIDTH, 3);
  const texts: CardText[] = [
    { text: '临时居民身份证', x: 508, y: 36, size: 50, bold: true, align: 'center' },
    label('姓  名', 136),
    { text: fields.name, x: NAME_POSITION.x, y: NAME_POSITION.y, size: NAME_POSITION.size, bold: true },
    label('性  别', 212),
    value(fields.sex === 'male' ? '男' : '女', 208),
    label('民  族', 212, 330),
    value(fields.ethnicity, 208, 440),
    label('出  生', 284),
    value(birth.year, 280),
    label('年', 284, 290),
    value(birth.month, 280, 345),
    label('月', 284, 400),
    value(birth.day, 280, 455),
    label('日', 284, 510),
    label('住  址', 356),
    ...addressLines.map((line, i) => value(line, 352 + i * 48)),
    label('公民身份号码', 540),
    { text: fields.idNumber, x: 270, y: 530, size: 46, bold: true },
  ];
  const photo: CardPhoto = {
    area: { ...PHOTO_AREA },
    pixels: portrait.pixels,
    width: portrait.width,
    height: portrait.height,
    channels: 1,
  };
  return { texts, photo, border: true };
}

/** The back: 中华人民共和国 / 临时居民身份证, issuing authority, validity period. */
export function backSide(fields: TempIdCardFields): CardSideSpec {
  return {
    border: true,
    texts: [
      { text: '中华人民共和国', x: 508, y: 110, size: 62, bold: true, align: 'center' },
      { text: '临时居民身份证', x: 508, y: 210, size: 78, bold: true, align: 'center' },
      { text: '签发机关', x: 120, y: 420, size: LABEL_SIZE },
      { text: fields.issuingAuthority, x: 290, y: 414, size: VALUE_SIZE },
      { text: '有效期限', x: 120, y: 496, size: LABEL_SIZE },
      { text: printedValidity(fields.validFrom, fields.validUntil), x: 290, y: 490, size: VALUE_SIZE },
    ],
  };
}

export type ComposedCard = Result<{ front: Uint8Array; back: Uint8Array }, { message: string }>;

/** Composes both sides into printer panels; an error value when no CJK font is available. */
export function composeTempIdCard(fields: TempIdCardFields, portrait: Portrait): ComposedCard {
  const front = composeCardSide(frontSide(fields, portrait));
  if (!front.ok) return err({ message: front.error.message });
  const back = composeCardSide(backSide(fields));
  if (!back.ok) return err({ message: back.error.message });
  return ok({ front: front.value.panel, back: back.value.panel });
}
