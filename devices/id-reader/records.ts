/**
 * The records an ID card's text block decodes to: resident card, Hong Kong/Macao/Taiwan residence
 * permit, and the two foreign permanent-resident cards, and why a block can be refused.
 */
import type { Result } from '../../contract/result';

export type Sex = 'male' | 'female';
/** Why a record should be looked at by staff before it is trusted in a form. */
export type ReviewReason = 'rareCharacter' | 'unconfirmedLayout';

export interface Review {
  /** True when a person must check the record (e.g. a private-use glyph in the name). */
  needsStaffReview: boolean;
  reviewReasons: ReviewReason[];
}

export interface ResidentRecord extends Review {
  type: 'resident';
  name: string;
  sex: Sex;
  nationCode: string;
  nation: string;
  /** YYYY-MM-DD */
  birthDate: string;
  address: string;
  idNumber: string;
  authority: string;
  validFrom: string;
  validTo: string | 'longTerm';
}

export interface ResidencePermitRecord extends Review {
  type: 'hkMacaoTaiwanResidence';
  name: string;
  sex: Sex;
  birthDate: string;
  address: string;
  idNumber: string;
  authority: string;
  validFrom: string;
  validTo: string;
  /** The holder's Hong Kong/Macao/Taiwan travel permit number. */
  permitNumber: string;
  issueCount: number;
}

export interface ForeignPermanentResidentOldRecord extends Review {
  type: 'foreignPermanentResidentOld';
  englishName: string;
  chineseName: string;
  sex: Sex;
  /** ISO 3166 alpha-3 code as printed. */
  nationality: string;
  cardNumber: string;
  birthDate: string;
  validFrom: string;
  validTo: string;
  version: string;
  authorityCode: string;
}

/**
 * 2023 foreign permanent-resident card. Its text layout is NOT confirmed by any public reference we
 * have: only the fields at the same offsets as the old card are decoded (best effort, unvalidated),
 * and the record always needs staff review. It is never decoded as a resident card.
 */
export interface ForeignPermanentResident2023Record extends Review {
  type: 'foreignPermanentResident2023';
  englishName: string;
  sex: Sex | undefined;
  cardNumber: string;
  needsStaffReview: true;
}

export type IdCardRecord =
  ResidentRecord | ResidencePermitRecord | ForeignPermanentResidentOldRecord | ForeignPermanentResident2023Record;

export type TextBlockProblem =
  | 'wrongSize'
  | 'garbledText'
  | 'unknownCardType'
  | 'missingField'
  | 'badSex'
  | 'badNationCode'
  | 'badDate'
  | 'badIdNumber'
  | 'badCardNumber'
  | 'inconsistent';

/** Why a text block was refused, and in which field. */
export interface TextBlockRejection {
  problem: TextBlockProblem;
  field: string;
}

export type TextBlockResult = Result<IdCardRecord, TextBlockRejection>;
