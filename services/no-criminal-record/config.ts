/**
 * The no-criminal-record service's configuration fragment (`services.noCriminalRecord`). Defaults
 * are written once, here; unknown keys are refused.
 */
import { z } from 'zod';
import { CertificatePeriodRule, CertificatePurpose, MAX_PURPOSE_TEXT } from '../../contract/flows/no-criminal-record';

/**
 * 无犯罪记录证明 (services/no-criminal-record): free, so no fee; what the post's rules decide. The
 * certificate number's format and the issuing station are the backend's (it issues and signs).
 */
export const NoCriminalRecordConfig = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** 证明时限: from the 18th birthday (most provinces) or from birth (e.g. Shanghai) up to the day of issue. */
    periodRule: CertificatePeriodRule.default('fromAge18'),
    /** How long a certificate is valid (3 months in most provinces). */
    validityMonths: z.number().int().min(1).max(12).default(3),
    /** The purposes offered, in order (`other` lets the resident type a short text). */
    purposes: z.array(CertificatePurpose).min(1).refine((list) => new Set(list).size === list.length, 'each purpose at most once').default(['employment', 'study', 'visaEmigration', 'adoption', 'other']),
    /** Longest typed purpose (`other`), in characters. */
    purposeTextMaxLength: z.number().int().min(2).max(MAX_PURPOSE_TEXT).default(20),
    /** Certificates already issued this year after which a stated purpose (用途说明) is asked for. */
    statementAfterCertificates: z.number().int().min(0).max(100).default(3),
    /** Shortest stated purpose accepted, in characters. */
    statementMinLength: z.number().int().min(1).max(20).default(4),
    /** Face captures before the resident is sent to the counter. */
    maxFaceAttempts: z.number().int().min(1).max(10).default(3),
  });
