/**
 * Scalars of the police-backend contract shared by every part of it (schemas.ts, traffic-schemas.ts):
 * ID numbers, instants and dates, money, jurisdictions, plates and payment words.
 */
import { z } from 'zod';
import { PLATE_PROVINCES } from '../../contract/plate';
import { isValidIdNumber } from './gb11643';

/** GB 11643 citizen ID number: 18 characters with a correct check character. */
export const IdNumber = z
  .string()
  .regex(/^\d{17}[\dX]$/, 'an 18-character ID number')
  .refine(isValidIdNumber, 'the check character or birth date of the ID number is wrong')
  .meta({ description: 'GB 11643-1999 citizen ID number (18 characters, check character verified).' });

export const Timestamp = z.iso.datetime().meta({ description: 'UTC instant, ISO 8601.' });
export const CalendarDate = z.iso.date().meta({ description: 'Calendar date, YYYY-MM-DD.' });
export const Fen = z.number().int().nonnegative().meta({ description: 'Amount in fen (1 yuan = 100 fen).' });

/** Region/jurisdiction code: 6-digit administrative division code plus a 3-digit police-station suffix. */
export const JurisdictionCode = z.string().regex(/^\d{9}$/).meta({ description: '6-digit region code + 3-digit police station.' });

/** Plate: province + letter + 5 characters (6 for new-energy) or 4 + a suffix 挂学警港澳. Letters exclude I and O. */
export const PlateNumber = z
  .string()
  .regex(new RegExp(`^[${PLATE_PROVINCES.join('')}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警港澳])$`), 'a civil plate number');

/** GA 24.7 plate types used by the kiosk. */
export const PlateType = z.enum(['01', '02', '03', '04', '07', '15', '16', '23', '26', '27', '51', '52']).meta({
  description:
    '01 large, 02 small, 03 embassy, 04 consulate, 07 motorcycle, 15 trailer, 16 driving school, 23 police, 26 Hong Kong, 27 Macao, 51 large NEV, 52 small NEV.',
});
export type PlateType = z.infer<typeof PlateType>;
export const VinLast6 = z.string().regex(/^[A-HJ-NPR-Z0-9]{6}$/, 'the last 6 characters of the VIN');
export const VinLast4 = z.string().regex(/^[A-HJ-NPR-Z0-9]{4}$/, 'the last 4 characters of the VIN');
export const EngineLast6 = z.string().regex(/^[A-Z0-9]{6}$/, 'the last 6 characters of the engine number');
/** Driving-licence number (the holder's ID number in mainland China). */
export const LicenceNumber = IdNumber;
export const LicenceFileNumber = z.string().regex(/^\d{12}$/, 'a 12-digit licence file number');
/** Penalty-decision number: 16 digits, as payment systems carry it. */
export const DecisionNo = z.string().regex(/^\d{16}$/, 'a 16-digit decision number');

export const PaymentChannel = z.enum(['wechat', 'alipay', 'unionpay']);
export const PaymentPurpose = z.enum(['tempIdCardFee', 'trafficFine', 'endorsementFee', 'other']);
export const PaymentStatus = z.enum(['pending', 'paid', 'cancelled', 'expired', 'refunded', 'partiallyRefunded', 'failed']);
export type PaymentChannel = z.infer<typeof PaymentChannel>;
export type PaymentPurpose = z.infer<typeof PaymentPurpose>;
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** The kiosk's reference for one issue (its journal transaction number): voids and withdrawals name it, never a person. */
export const KioskReference = z.string().regex(/^[A-Za-z0-9-]{4,64}$/).meta({ description: "The kiosk's transaction number of the issue." });
