/**
 * The progress query as a service module: its defaults (written once), the devices it uses, and its
 * flow launcher on the service kit. Read-only, free: nothing to recover after a restart.
 */
import { progressContract } from '../../contract/flows/progress';
import type { FlowLauncher } from '../core/flow-registry';
import type { ServiceModule } from '../host/runtime';
import { createKitLauncher, scaleTimeouts, type KitBase } from '../kit/launch';
import type { ServiceFlowSpec } from '../kit/runner';
import { progressMachine } from './machine';
import { presentProgress, presentProgressEnding } from './present';
import type { ProgressSettings } from './work';

export const PROGRESS_DEFAULTS = {
  timeouts: { choose: 120_000, number: 180_000, identity: 180_000, lookup: 45_000, face: 120_000, faceCheck: 30_000, querying: 45_000, results: 300_000 },
} as const;

export type ProgressSettingsInput = Omit<ProgressSettings, 'timeouts'> & { timeouts?: Partial<ProgressSettings['timeouts']> };

export const resolveProgressSettings = (settings: ProgressSettingsInput): ProgressSettings => ({ ...settings, timeouts: { ...PROGRESS_DEFAULTS.timeouts, ...settings.timeouts } });

/** The kit's view of the machine: its contract, how it is shown, which events go to a step. */
export const progressFlowSpec: ServiceFlowSpec<typeof progressMachine> = {
  contract: progressContract,
  machine: progressMachine,
  present: presentProgress,
  presentEnding: presentProgressEnding,
  forwards: { idNumberEntered: 'identity', faceCaptured: 'face', cameraUnavailable: 'face' },
};

export function createProgressLauncher(base: KitBase, settingsInput: ProgressSettingsInput): FlowLauncher {
  const settings = resolveProgressSettings(settingsInput);
  return createKitLauncher({
    service: 'progress',
    spec: progressFlowSpec,
    base,
    input: (kit, timeScale) => ({ deps: { kit, settings: { ...settings, timeouts: scaleTimeouts(settings.timeouts, timeScale) } } }),
    // Read-only: a progress query never opens a journal transaction.
    transactionOf: () => undefined,
  });
}

/** The service as the runtime plugs it in (services/host/runtime.ts ServiceModule). */
export const progressModule: ServiceModule = {
  // The reader is optional: the number can be typed (and then the face is compared).
  needs: { progress: [{ kind: 'idCardReader', required: false }] },
  launcher(services) {
    const { config } = services;
    const service = config.services.progress;
    return {
      progress: createProgressLauncher(
        { gateway: services.gateway, payments: services.payments, journal: services.journal, devices: services.devices, log: services.log, post: { name: config.kiosk.postName, timeZone: config.kiosk.timeZone } },
        { enabled: service.enabled, prefixes: service.prefixes, maxFaceAttempts: service.maxFaceAttempts },
      ),
    };
  },
};
