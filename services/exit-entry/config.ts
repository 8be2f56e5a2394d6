/**
 * The exit-entry endorsement service's configuration fragment (`services.exitEntry`): which types
 * the post offers with which validity/trips choices, the destinations, the fees, who is sent to a
 * counter, and which country signing CAs the kiosk trusts for the permits' chips. Defaults are
 * written once, here (national fees: 15 yuan one trip, 30 two trips, 80 multiple trips ≤ 1 year);
 * unknown keys are refused.
 */
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { EndorsementDestination, EndorsementTrips, EndorsementType, EndorsementValidity } from '../../contract/flows/exit-entry';

const TripOption = z.strictObject({ validityMonths: EndorsementValidity, trips: EndorsementTrips });

export const EndorsementOfferConfig = z.strictObject({
  type: EndorsementType,
  /** The validity/trips choices offered for this type, in order. */
  options: z.array(TripOption).min(1).max(6),
  /** Longest stay per visit, in days (printed and shown; the administration's rule). */
  stayDays: z.number().int().min(1).max(90),
});
export type EndorsementOfferConfig = z.infer<typeof EndorsementOfferConfig>;

const TOURS = [
  { validityMonths: 3, trips: 1 },
  { validityMonths: 3, trips: 2 },
  { validityMonths: 12, trips: 1 },
  { validityMonths: 12, trips: 2 },
] as const;

/** The types a kiosk usually offers (Hangzhou's and Shenzhen's published guides). */
export const DEFAULT_OFFERS: EndorsementOfferConfig[] = [
  { type: 'G', options: [...TOURS], stayDays: 7 },
  { type: 'L', options: [...TOURS], stayDays: 7 },
  { type: 'T', options: [...TOURS], stayDays: 14 },
  { type: 'S', options: [{ validityMonths: 3, trips: 0 }, { validityMonths: 12, trips: 0 }], stayDays: 7 },
  { type: 'Q', options: [{ validityMonths: 3, trips: 1 }], stayDays: 14 },
];

/** A PEM certificate Node can parse (a country signing CA that issues the permits' document signers). */
const PemCertificate = z.string().refine((pem) => {
  try {
    return new X509Certificate(pem).ca;
  } catch {
    return false;
  }
}, 'a PEM X.509 CA certificate (the country signing CA)');

export const ExitEntryConfig = z.strictObject({
  enabled: z.boolean().default(false),
  /** The types offered here, in order; some cities offer only tourism (G, L) at machines. */
  offers: z
    .array(EndorsementOfferConfig)
    .min(1)
    .refine((list) => new Set(list.map((o) => o.type)).size === list.length, 'each type at most once')
    .default(DEFAULT_OFFERS),
  destinations: z.array(EndorsementDestination).min(1).refine((list) => new Set(list).size === list.length, 'each destination at most once').default(['HK', 'MO', 'HKMO']),
  /** Fees for one destination; both destinations are two endorsements, each charged. */
  fees: z
    .strictObject({
      oneTripFen: z.number().int().nonnegative().default(1500),
      twoTripsFen: z.number().int().nonnegative().default(3000),
      multipleTripsFen: z.number().int().nonnegative().default(8000),
    })
    .prefault({}),
  /** Who is sent to a counter by this post's rules (the administration's own refusals stand regardless). */
  rules: z
    .strictObject({
      firstTimeToCounter: z.boolean().default(true),
      nonLocalToCounter: z.boolean().default(true),
      stateEmployeesToCounter: z.boolean().default(true),
    })
    .prefault({}),
  /**
   * Country signing CA certificates (PEM) that the permits' document signers must chain to
   * (passive authentication). Empty in development: the chip simulator's test CSCA is trusted
   * there and only there; production refuses an enabled service without one.
   */
  trustAnchors: z.array(PemCertificate).max(20).default([]),
  /** Chip reads (and OCR-line tries) before the resident is sent to a counter. */
  maxReadAttempts: z.number().int().min(1).max(10).default(3),
  /** Face captures before the resident is sent to a counter. */
  maxFaceAttempts: z.number().int().min(1).max(10).default(3),
  /** How long the payment QR stays valid before the order is cancelled. */
  paymentTimeoutSeconds: z.number().int().min(30).max(900).default(180),
  /** How long a resident has to place the permit again after it left the reader during the write. */
  replaceSeconds: z.number().int().min(15).max(300).default(60),
});
export type ExitEntryConfig = z.infer<typeof ExitEntryConfig>;

/** The fee of one destination for a number of trips (0 = multiple). */
export function feeForTrips(fees: ExitEntryConfig['fees'], trips: 0 | 1 | 2): number {
  return trips === 1 ? fees.oneTripFen : trips === 2 ? fees.twoTripsFen : fees.multipleTripsFen;
}
