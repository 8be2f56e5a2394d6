/** The police services this build implements. Adding a service is adding its module here. */
import { exitEntryModule } from '../exit-entry/launcher';
import { noCriminalRecordModule } from '../no-criminal-record/launcher';
import { progressModule } from '../progress/launcher';
import { tempIdCardModule } from '../temp-id/launcher';
import { tipOffModule } from '../tip-off/launcher';
import { trafficModule } from '../traffic/launcher';
import type { ServiceModule } from './runtime';

export const SERVICE_MODULES: readonly ServiceModule[] = [tempIdCardModule, noCriminalRecordModule, trafficModule, exitEntryModule, progressModule, tipOffModule];
