/**
 * The tip-off as a service module: its defaults (written once), the devices it uses, and its flow
 * launcher on the service kit. After a restart an unfinished tip-off is closed by the ordinary
 * recovery ("interrupted"): its slip, when it was received, stays saved for a staff reprint.
 */
import { tipOffContract } from '../../contract/flows/tip-off';
import type { FlowLauncher } from '../core/flow-registry';
import type { ServiceModule } from '../host/runtime';
import { createKitLauncher, scaleTimeouts, type KitBase } from '../kit/launch';
import type { ServiceFlowSpec } from '../kit/runner';
import { tipOffMachine, type TipOffContext } from './machine';
import { presentTipOff, presentTipOffEnding } from './present';
import type { TipOffSettings } from './work';

export const TIP_OFF_DEFAULTS = {
  timeouts: { notice: 120_000, category: 120_000, place: 180_000, text: 300_000, anonymity: 120_000, identity: 180_000, lookup: 45_000, face: 120_000, faceCheck: 30_000, confirm: 180_000, submitting: 45_000, printing: 30_000 },
} as const;

export type TipOffSettingsInput = Omit<TipOffSettings, 'timeouts'> & { timeouts?: Partial<TipOffSettings['timeouts']> };

export const resolveTipOffSettings = (settings: TipOffSettingsInput): TipOffSettings => ({ ...settings, timeouts: { ...TIP_OFF_DEFAULTS.timeouts, ...settings.timeouts } });

export const tipOffFlowSpec: ServiceFlowSpec<typeof tipOffMachine> = {
  contract: tipOffContract,
  machine: tipOffMachine,
  present: presentTipOff,
  presentEnding: presentTipOffEnding,
  forwards: { idNumberEntered: 'identity', faceCaptured: 'face', cameraUnavailable: 'face' },
};

export function createTipOffLauncher(base: KitBase, settingsInput: TipOffSettingsInput): FlowLauncher {
  const settings = resolveTipOffSettings(settingsInput);
  return createKitLauncher({
    service: 'tipOff',
    spec: tipOffFlowSpec,
    base,
    input: (kit, timeScale) => ({ deps: { kit, settings: { ...settings, timeouts: scaleTimeouts(settings.timeouts, timeScale) } } }),
    transactionOf: (context) => (context as TipOffContext).transactionId,
  });
}

export const tipOffModule: ServiceModule = {
  // Nothing is required: without a printer the tracking number stays on the screen.
  needs: { tipOff: [{ kind: 'receiptPrinter', required: false }, { kind: 'idCardReader', required: false }] },
  launcher(services) {
    const { config } = services;
    const service = config.services.tipOff;
    return {
      tipOff: createTipOffLauncher(
        { gateway: services.gateway, payments: services.payments, journal: services.journal, devices: services.devices, log: services.log, post: { name: config.kiosk.postName, timeZone: config.kiosk.timeZone } },
        {
          enabled: service.enabled,
          kioskId: config.kiosk.id,
          categories: service.categories,
          textMinLength: service.textMinLength,
          textMaxLength: service.textMaxLength,
          placeMaxLength: service.placeMaxLength,
          rateLimit: service.rateLimit,
          maxFaceAttempts: service.maxFaceAttempts,
        },
      ),
    };
  },
};
