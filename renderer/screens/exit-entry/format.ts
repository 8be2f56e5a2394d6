/** Words for an endorsement on screen (type, destination, trips), in the service's texts. */
import type { EndorsementSummary } from '../../../contract/flows/exit-entry';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export function endorsementWords(st: Translate, endorsement: Pick<EndorsementSummary, 'type' | 'destination' | 'trips'>): { type: string; destination: string; trips: string } {
  return { type: st(`types.${endorsement.type}`), destination: st(`destinations.${endorsement.destination}`), trips: st(`trips.${endorsement.trips}`) };
}
