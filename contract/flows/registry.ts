/**
 * Every service's contract, by service id: the UI's flow host and the core's flow kit read it to
 * know a service's steps, views, events and reasons. Adding a service is one line here.
 */
import type { ServiceId } from '../flow';
import { exitEntryContract } from './exit-entry';
import type { ServiceContract } from './kit';
import { noCriminalRecordContract } from './no-criminal-record';
import { progressContract } from './progress';
import { tempIdContract } from './temp-id-card';
import { tipOffContract } from './tip-off';
import { trafficContract } from './traffic';

export const serviceContracts: Partial<Record<ServiceId, ServiceContract>> = {
  tempIdCard: tempIdContract,
  noCriminalRecord: noCriminalRecordContract,
  traffic: trafficContract,
  exitEntry: exitEntryContract,
  progress: progressContract,
  tipOff: tipOffContract,
};
