/**
 * The help call's configuration fragment (`services.help`): whether residents can call the duty
 * desk by video, how long it rings before the kiosk gives the phone numbers instead, and where the
 * duty desk's page is served. Defaults are written once, here; unknown keys are refused.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

/** True for 127.0.0.0/8 and ::1: a desk listener that only this machine can reach. */
export const isLoopbackHost = (host: string): boolean => host === '::1' || /^127\./.test(host);

const HostName = z.string().regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, 'a host name such as kiosk-0101.post.lan');

export const HelpDeskConfig = z
  .strictObject({
    /**
     * The address the desk page listens on: loopback for a desk on this machine (development), the
     * kiosk's police-LAN address for the duty room's PC (then `tls` is required).
     */
    host: z.string().refine((host) => isIP(host) !== 0, 'an IP address such as 127.0.0.1 or 10.12.0.21').default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(5176),
    /** Other names the desk PC may use for this kiosk (its DNS name on the LAN); anything else is refused (DNS rebinding). */
    hostNames: z.array(HostName).max(8).default([]),
    /**
     * PEM certificate and key for https/wss. Browsers allow the camera only on a secure origin, and
     * the officer's PIN crosses the network: a desk listener off loopback must have it.
     */
    tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
    /** A desk session lasts this long (an officer's shift); the page signs in again after. */
    sessionHours: z.number().int().min(1).max(24).default(12),
    /** How often the kiosks' four-colour boards are recomputed for the desks. */
    boardRefreshSeconds: z.number().int().min(1).max(300).default(10),
  })
  .superRefine((desk, ctx) => {
    if (isIP(desk.host) !== 0 && !isLoopbackHost(desk.host) && !desk.tls) {
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'a desk listener on the LAN needs tls (certFile, keyFile): browsers allow the camera only on https, and the PIN crosses the network' });
    }
  });
export type HelpDeskConfig = z.infer<typeof HelpDeskConfig>;

export const HelpConfig = z.strictObject({
  enabled: z.boolean().default(false),
  /** Seconds the desk rings before the kiosk gives the phone numbers and opens a staff ticket. */
  ringSeconds: z.number().int().min(1).max(300).default(45),
  /** A call is ended after this long (nobody is left on an open line by mistake). */
  maxCallMinutes: z.number().int().min(1).max(240).default(30),
  /** The media must connect within this many seconds of the answer, or the kiosk says so. */
  connectSeconds: z.number().int().min(1).max(120).default(20),
  /** A media connection lost for this long ends the call (the kiosk says so and gives the numbers). */
  lossSeconds: z.number().int().min(1).max(120).default(8),
  desk: HelpDeskConfig.prefault({}),
});
export type HelpConfig = z.infer<typeof HelpConfig>;
