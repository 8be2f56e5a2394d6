/**
 * The kiosk configuration: one validated file. Everything that differs between cities or posts
 * (fees, limits, which services run) is configuration, not code.
 */
import { z } from 'zod';
import { DeviceKind } from '../../contract/device';
import { ServiceId } from '../../contract/flow';
import { isValidPublicKey } from '../documents/signing/sm';
import { ExitEntryConfig } from '../exit-entry/config';
import { FleetConfig, fleetProductionProblems } from './fleet-schema';
import { HelpConfig } from '../help-call/config';
import { NoCriminalRecordConfig } from '../no-criminal-record/config';
import { NoticesConfig } from '../notices/config';
import { ProgressConfig } from '../progress/config';
import { TipOffConfig } from '../tip-off/config';
import { TrafficConfig } from '../traffic/config';
import { StaffConfig } from './staff-schema';

export { ServiceId };

const Seconds = z.number().int().positive();


const ServiceSwitch = z.strictObject({
  enabled: z.boolean().default(true),
});

export const DeviceConfig = z.strictObject({
  kind: DeviceKind,
  /**
   * `simulated` runs the in-process simulator (over an in-memory link, or for the A4 printer an IPP
   * printer on a loopback port); `serial` opens `port`; `pcsc` (contactless reader only) uses pcscd;
   * `ipp` (A4 printer only) talks to the printer at `uri`.
   */
  driver: z.enum(['simulated', 'serial', 'pcsc', 'ipp']),
  port: z.string().min(1).optional(),
  /** PC/SC reader name pattern (substring or /regex/) for a `pcsc` contactless reader. */
  reader: z.string().min(1).max(128).optional(),
  /** IPP printer URI, e.g. ipp://127.0.0.1:631/printers/kiosk-a4 (a CUPS queue) or ipp://printer.local/ipp/print. */
  uri: z.string().regex(/^(ipp|ipps|http|https):\/\/[^\s/]+\/\S*$/, 'an ipp://, ipps://, http:// or https:// printer URI with a path').optional(),
  baudRate: z
    .union([z.literal(9600), z.literal(19200), z.literal(38400), z.literal(57600), z.literal(115200)])
    .optional(),
});
export type DeviceConfig = z.infer<typeof DeviceConfig>;

/** Voice guidance: which engines speak, in order of preference, and how. */
export const SpeechConfig = z.object({
  /**
   * Tried in this order; the first that passes its start-up self-test speaks. `espeak-ng` ships with
   * the kiosk and always works; `sherpa-onnx` needs `sherpaOnnx.modelDir`; `platform` (the browser's
   * own voice) is a last resort the UI uses only when no other engine can speak.
   */
  engines: z.array(z.enum(['sherpa-onnx', 'espeak-ng', 'platform'])).min(1)
    .max(3)
    .refine((engines) => new Set(engines).size === engines.length, 'each engine at most once')
    .default(['espeak-ng', 'platform']),
  sherpaOnnx: z
    .object({
      /** A sherpa-onnx VITS model folder (model.onnx or one *.onnx, tokens.txt, lexicon.txt, rule *.fst). */
      modelDir: z.string().min(1).optional(),
      speakerId: z.number().int().nonnegative().default(0),
      numThreads: z.number().int().min(1).max(8).default(1),
      /** What the model speaks; other locales fall through to the next engine. */
      locales: z.array(z.enum(['zh-CN', 'en'])).min(1).default(['zh-CN']),
    })
    .prefault({}),
  /** Speaking rate: 1 is the engine's normal speed; a little slower suits elderly residents. */
  rate: z.number().min(0.5).max(2).default(0.9),
  /** Volume step (1 quiet, 2 normal, 3 loud) every resident starts with. */
  defaultVolumeStep: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
  /** Rendered prompts on disk; defaults to <dataDir>/speech-cache. */
  cacheDir: z.string().min(1).optional(),
});
export type SpeechConfig = z.infer<typeof SpeechConfig>;

export const KioskConfig = z
  .strictObject({
    kiosk: z.strictObject({
      id: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'letters, digits and dashes, at most 32'),
      postName: z.string().min(1).max(40),
      postNameEn: z.string().min(1).max(60).optional(),
      /** `development` enables the dev dock and simulated devices by default; `production` refuses both. */
      mode: z.enum(['development', 'production']).default('development'),
      defaultLocale: z.enum(['zh-CN', 'en']).default('zh-CN'),
      /** IANA time zone of the post: receipts, slips, the clock and every date shown use it. */
      timeZone: z
        .string()
        .refine((zone) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: zone });
            return true;
          } catch {
            return false;
          }
        }, 'an IANA time zone such as Asia/Shanghai')
        .default('Asia/Shanghai'),
      /** The post's duty phone, shown to residents who need a person (110 is always shown as well). */
      dutyPhone: z.string().regex(/^[0-9][0-9 -]{2,19}$/, 'digits, spaces and dashes, e.g. 010-65120110').optional(),
      /** The post's police jurisdiction code, for rules such as "local registrations only". */
      jurisdictionCode: z.string().regex(/^\d{9}$/, 'nine digits').default('110101001'),
    }),
    timeouts: z
      .strictObject({
        /** Seconds without a touch before the "still there?" prompt. */
        idleSeconds: Seconds.default(60),
        /** Seconds the prompt counts down before the session ends. */
        idleCountdownSeconds: Seconds.default(20),
      })
      .default({ idleSeconds: 60, idleCountdownSeconds: 20 }),
    services: z
      .strictObject({
        tempIdCard: ServiceSwitch.extend({
          feeFen: z.number().int().nonnegative().default(1000),
          localRegistrationOnly: z.boolean().default(false),
          issuingAuthority: z.string().min(1).max(30).default('北京市公安局东城分局'),
          validityMonths: z.number().int().positive().default(3),
          /** Face captures before the resident is sent to the counter. */
          maxFaceAttempts: z.number().int().min(1).max(10).default(3),
          /** How long the payment QR stays valid before the order is cancelled. */
          paymentTimeoutSeconds: z.number().int().min(30).max(900).default(180),
        }).default({ enabled: true, feeFen: 1000, localRegistrationOnly: false, issuingAuthority: '北京市公安局东城分局', validityMonths: 3, maxFaceAttempts: 3, paymentTimeoutSeconds: 180 }),
        traffic: TrafficConfig.prefault({}),
        noCriminalRecord: NoCriminalRecordConfig.prefault({}),
        exitEntry: ExitEntryConfig.prefault({}),
        progress: ProgressConfig.prefault({}),
        tipOff: TipOffConfig.prefault({}),
        help: HelpConfig.prefault({}),
      })
      // Each service's defaults are written once, in its own fragment.
      .prefault({}),
    backend: z
      .strictObject({
        /** `embedded` runs the police-backend simulator in-process. */
        mode: z.enum(['embedded', 'http']).default('embedded'),
        url: z.url().optional(),
        credentials: z.strictObject({ clientId: z.string().min(1), secret: z.string().min(1) }).optional(),
        timeoutMs: z.number().int().positive().default(8000),
      })
      .default({ mode: 'embedded', timeoutMs: 8000 }),
    devices: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/), DeviceConfig).default({
      idReader: { kind: 'idCardReader', driver: 'simulated' },
      scanner: { kind: 'qrScanner', driver: 'simulated' },
      receiptPrinter: { kind: 'receiptPrinter', driver: 'simulated' },
      cardPrinter: { kind: 'cardPrinter', driver: 'simulated' },
      permitReader: { kind: 'contactlessReader', driver: 'simulated' },
      ocrReader: { kind: 'ocrReader', driver: 'simulated' },
      documentPrinter: { kind: 'documentPrinter', driver: 'simulated' },
    }),
    documents: z
      .object({
        /**
         * Public keys of the police units whose signed documents this kiosk prints (SM2, uncompressed
         * 04‖x‖y hex). A document whose verification code does not verify against one is refused.
         */
        issuerKeys: z
          .array(z.object({ name: z.string().min(1).max(60), publicKey: z.string().refine(isValidPublicKey, 'not an SM2 public key (130 hex digits starting 04, on the curve)') }))
          .default([]),
      })
      .default({ issuerKeys: [] }),
    journal: z
      .strictObject({
        /** Finished transactions older than this are purged (daily and at start-up). */
        retentionDays: z.number().int().min(1).max(3650).default(180),
      })
      .default({ retentionDays: 180 }),
    speech: SpeechConfig.prefault({}),
    /** The police notices on the attract screen (services/notices/config.ts). */
    notices: NoticesConfig.prefault({}),
    /** The staff console: staff list (hashes only), lock-out, idle time, ticket deadlines (services/config/staff-schema.ts). */
    staff: StaffConfig.prefault({}),
    /** Reporting to the fleet's MQTT broker and obeying signed fleet commands (services/config/fleet-schema.ts); off by default. */
    fleet: FleetConfig.prefault({}),
    /** Journal, keys and the embedded simulator's database live here. */
    dataDir: z.string().min(1).default('.kiosk-data'),
  })
  .superRefine((config, ctx) => {
    const portOwners = new Map<string, string>();
    for (const [id, device] of Object.entries(config.devices)) {
      if (device.port) {
        const owner = portOwners.get(device.port);
        if (owner) ctx.addIssue({ code: 'custom', path: ['devices', id, 'port'], message: `${device.port} is already used by devices.${owner}` });
        else portOwners.set(device.port, id);
      }
      if ((device.driver === 'pcsc') !== (device.kind === 'contactlessReader') && device.driver !== 'simulated') {
        ctx.addIssue({ code: 'custom', path: ['devices', id, 'driver'], message: 'a contactlessReader is pcsc or simulated; other devices are serial or simulated' });
      }
      if (device.driver === 'serial' && !device.port) {
        ctx.addIssue({ code: 'custom', path: ['devices', id, 'port'], message: 'a serial device needs a port' });
      }
      if (device.driver === 'ipp' && !device.uri) {
        ctx.addIssue({ code: 'custom', path: ['devices', id, 'uri'], message: 'an IPP printer needs a uri (e.g. ipp://127.0.0.1:631/printers/kiosk-a4)' });
      }
      if (device.kind === 'documentPrinter' && device.driver === 'serial') {
        ctx.addIssue({ code: 'custom', path: ['devices', id, 'driver'], message: 'the A4 printer is driven over IPP: use driver "ipp" with a uri' });
      }
      if (device.kind !== 'documentPrinter' && device.driver === 'ipp') {
        ctx.addIssue({ code: 'custom', path: ['devices', id, 'driver'], message: 'only the A4 document printer is driven over IPP' });
      }
      if (config.kiosk.mode === 'production' && device.driver === 'simulated') {
        ctx.addIssue({ code: 'custom', path: ['devices', id, 'driver'], message: 'simulated devices are refused in production' });
      }
    }
    const printsDocuments = config.services.traffic.enabled || config.services.noCriminalRecord.enabled;
    if (config.kiosk.mode === 'production' && printsDocuments && config.documents.issuerKeys.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['documents', 'issuerKeys'], message: "a kiosk that prints documents needs the issuer's public key to verify them" });
    }
    if (config.kiosk.mode === 'production' && config.services.exitEntry.enabled && config.services.exitEntry.trustAnchors.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['services', 'exitEntry', 'trustAnchors'], message: "a kiosk that endorses permits needs the country signing CA's certificate to check the chips" });
    }
    if (config.backend.mode === 'http' && !config.backend.url) {
      ctx.addIssue({ code: 'custom', path: ['backend', 'url'], message: 'an http backend needs a url' });
    }
    if (config.kiosk.mode === 'production') for (const problem of fleetProductionProblems(config.fleet)) ctx.addIssue({ code: 'custom', ...problem });
    if (config.kiosk.mode === 'production' && config.backend.mode === 'embedded') {
      ctx.addIssue({ code: 'custom', path: ['backend', 'mode'], message: 'the embedded backend simulator is refused in production' });
    }
  });
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
