/**
 * The post's endorsement rules, pure: from the administration's facts about a holder and the
 * post's configuration, what the resident may choose here — or why they go to a counter — and
 * whether a choice is one of the offers (with its fee).
 */
import {
  endorsementFeeFen,
  type EligibilityRefusal,
  type EndorsementDestination,
  type EndorsementOffer,
  type EndorsementTrips,
  type EndorsementType,
  type EndorsementValidity,
} from '../../contract/flows/exit-entry';
import type { EndorsementEligibility } from '../gateway/types';
import { feeForTrips } from './config';
import type { ExitEntrySettings } from './deps';

export type EligibilityDecision = { ok: true; offers: EndorsementOffer[] } | { ok: false; refusal: EligibilityRefusal };

/** The administration's refusal first, then the post's rules in a fixed order, then what remains to choose. */
export function decideEligibility(settings: Pick<ExitEntrySettings, 'rules' | 'offers' | 'destinations' | 'fees'>, facts: EndorsementEligibility): EligibilityDecision {
  if (facts.permitStatus !== 'valid') return { ok: false, refusal: 'permitInvalid' };
  const { rules } = settings;
  if (rules.stateEmployeesToCounter && facts.holder.stateEmployee) return { ok: false, refusal: 'stateEmployee' };
  if (rules.firstTimeToCounter && facts.holder.previousEndorsements === 0) return { ok: false, refusal: 'firstTimeApplicant' };
  if (rules.nonLocalToCounter && !facts.holder.localResidence) return { ok: false, refusal: 'nonLocalResidence' };
  const open = new Set(facts.types.filter((t) => t.allowed).map((t) => t.type));
  const offers = settings.offers
    .filter((offer) => open.has(offer.type))
    .map((offer) => ({
      type: offer.type,
      destinations: [...settings.destinations],
      options: offer.options.map((option) => ({ validityMonths: option.validityMonths, trips: option.trips, feeFen: feeForTrips(settings.fees, option.trips) })),
      stayDays: offer.stayDays,
    }));
  return offers.length > 0 ? { ok: true, offers } : { ok: false, refusal: 'noTypeOffered' };
}

export interface EndorsementChoice {
  type: EndorsementType;
  destination: EndorsementDestination;
  validityMonths: EndorsementValidity;
  trips: EndorsementTrips;
}

/** The offer a choice belongs to and its fee, or undefined when it is not one of the offers. */
export function pickOffer(offers: readonly EndorsementOffer[], choice: EndorsementChoice): { offer: EndorsementOffer; feeFen: number } | undefined {
  const offer = offers.find((o) => o.type === choice.type);
  if (!offer || !offer.destinations.includes(choice.destination)) return undefined;
  const option = offer.options.find((o) => o.validityMonths === choice.validityMonths && o.trips === choice.trips);
  return option ? { offer, feeFen: endorsementFeeFen(option, choice.destination) } : undefined;
}
