/**
 * The endorsement as printed on the permit card's back (the rewritable endorsement area above the
 * OCR line), CR80 landscape at 300 dpi (1016 x 648 design dots). Pure layout: the record in, the
 * positioned texts out; the card printer's compose step turns them into its 1-bit panel. Only the
 * current endorsement is shown (the area is rewritten each time); nothing personal is printed here
 * — the card's front and chip carry the holder.
 *
 * How the administration's machines lay the area out is not public: this layout is the project's.
 */
import { ok, type Result } from '../../contract/result';
import type { EndorsementDestination, EndorsementType } from '../../contract/flows/exit-entry';
import { composeCardSide, type CardSideSpec, type CardText } from '../../devices/card-printer/compose';
import type { EndorsementRecord } from '../../devices/icao9303/endorsement';

export const TYPE_WORDS: Record<EndorsementType, string> = { G: '个人旅游', L: '团队旅游', T: '探亲', S: '商务', Q: '其他' };
export const DESTINATION_WORDS: Record<EndorsementDestination, string> = { HK: '香港', MO: '澳门', HKMO: '香港 澳门' };
export const tripWords = (trips: number): string => (trips === 1 ? '一次' : trips === 2 ? '二次' : '多次');

/** 20270228 → 2027.02.28, as printed. */
export const printedChipDate = (date: string): string => `${date.slice(0, 4)}.${date.slice(4, 6)}.${date.slice(6, 8)}`;

/** Where the endorsement block goes: the upper part of the back, clear of the OCR line at the bottom. */
export const ENDORSEMENT_AREA = { x: 48, y: 40, width: 920, height: 330 } as const;

const LABEL = 30;
const VALUE = 36;

export function endorsementSide(record: EndorsementRecord, stayDays: number): CardSideSpec {
  const label = (text: string, x: number, y: number): CardText => ({ text, x, y, size: LABEL });
  const value = (text: string, x: number, y: number, size = VALUE): CardText => ({ text, x, y, size, bold: true });
  const left = ENDORSEMENT_AREA.x + 12;
  const right = 560;
  return {
    texts: [
      { text: '签注  ENDORSEMENT', x: left, y: ENDORSEMENT_AREA.y, size: 34, bold: true },
      label('类别', left, 110),
      value(`${TYPE_WORDS[record.type]}（${record.type}）`, left + 90, 104),
      label('前往', right, 110),
      value(DESTINATION_WORDS[record.destination], right + 90, 104),
      label('有效期至', left, 176),
      value(printedChipDate(record.validUntil), left + 140, 170),
      label('次数', right, 176),
      value(tripWords(record.trips), right + 90, 170),
      label('停留', left, 242),
      value(`每次不超过${stayDays}天`, left + 90, 236),
      label('编号', right, 242),
      value(record.serial, right + 90, 238, 30),
      label('签发机关', left, 308),
      value(record.issuingOffice, left + 140, 302, 32),
    ],
  };
}

/** The card printer's panel for the back; an error value when no CJK font is available. */
export function composeEndorsementBack(record: EndorsementRecord, stayDays: number): Result<Uint8Array, { code: 'noCjkFont'; message: string }> {
  const side = composeCardSide(endorsementSide(record, stayDays));
  return side.ok ? ok(side.value.panel) : side;
}
