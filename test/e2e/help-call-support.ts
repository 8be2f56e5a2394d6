/**
 * Helpers for the help-call end-to-end tests: the duty desk's page in its own browser context, a
 * record of every RTCPeerConnection a page makes (so the test reads the real WebRTC statistics), and
 * ways to break the media on purpose (candidates dropped: ICE never connects; the peer closed: the
 * network dropped mid-call).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { DEV_STAFF_SECRETS } from '../../services/staff/dev-staff';
import { LANDSCAPE, tap, type Kiosk } from './harness';

/** Installed before any page script: keeps every peer connection the page creates in `window.__peers`. */
const RECORD_PEERS = `(() => {
  const Original = window.RTCPeerConnection;
  const peers = [];
  window.__peers = peers;
  window.__dropCandidates = false;
  const Recorded = class extends Original {
    constructor(...args) { super(...args); peers.push(this); }
    addIceCandidate(candidate, ...rest) {
      return window.__dropCandidates ? Promise.resolve() : super.addIceCandidate(candidate, ...rest);
    }
    setRemoteDescription(description, ...rest) {
      if (window.__dropCandidates && description && description.sdp) {
        description = { type: description.type, sdp: description.sdp.split('\\r\\n').filter((line) => !line.startsWith('a=candidate:')).join('\\r\\n') };
      }
      return super.setRemoteDescription(description, ...rest);
    }
  };
  window.RTCPeerConnection = Recorded;
})();`;

export async function recordPeers(page: Page): Promise<void> {
  await page.addInitScript({ content: RECORD_PEERS });
}

export interface MediaStats {
  /** Video frames decoded from the other side (inbound-rtp), summed over the page's open peers. */
  framesDecoded: number;
  /** Candidate types of the candidate pair each transport selected. */
  localCandidateTypes: string[];
  remoteCandidateTypes: string[];
  /** Open peer connections on the page. */
  open: number;
}

export function mediaStats(page: Page): Promise<MediaStats> {
  return page.evaluate(async () => {
    type Stat = { type?: string; kind?: string; framesDecoded?: number; selectedCandidatePairId?: string; localCandidateId?: string; remoteCandidateId?: string; candidateType?: string; id?: string };
    const peers = ((window as unknown as { __peers?: RTCPeerConnection[] }).__peers ?? []).filter((peer) => peer.signalingState !== 'closed');
    const result = { framesDecoded: 0, localCandidateTypes: [] as string[], remoteCandidateTypes: [] as string[], open: peers.length };
    for (const peer of peers) {
      const stats = new Map<string, Stat>();
      (await peer.getStats()).forEach((entry: Stat) => stats.set(entry.id ?? '', entry));
      for (const entry of stats.values()) {
        if (entry.type === 'inbound-rtp' && entry.kind === 'video') result.framesDecoded += entry.framesDecoded ?? 0;
        // The pair the transport actually uses.
        const pair = entry.type === 'transport' && entry.selectedCandidatePairId ? stats.get(entry.selectedCandidatePairId) : undefined;
        if (pair) {
          result.localCandidateTypes.push(stats.get(pair.localCandidateId ?? '')?.candidateType ?? '?');
          result.remoteCandidateTypes.push(stats.get(pair.remoteCandidateId ?? '')?.candidateType ?? '?');
        }
      }
    }
    return result;
  });
}

/** From now on the page ignores the other side's candidates: ICE cannot connect. */
export const dropCandidates = (page: Page, drop = true) => page.evaluate((on) => ((window as unknown as { __dropCandidates: boolean }).__dropCandidates = on), drop);

/** Closes the page's peer connections behind its back: the media link is gone, signalling is not. */
export const cutMedia = (page: Page) => page.evaluate(() => (window as unknown as { __peers: RTCPeerConnection[] }).__peers.forEach((peer) => peer.close()));

export interface Desk {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
}

/** Opens the duty desk's page (served by the kiosk core) and signs the demo officer in. */
export async function openDesk(kiosk: Kiosk): Promise<Desk> {
  const url = kiosk.runtime.deskUrl;
  if (!url) throw new Error('the kiosk has no desk listener (services.help.enabled?)');
  const context = await kiosk.browser.newContext({ viewport: LANDSCAPE, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  await recordPeers(page);
  await page.goto(url);
  await page.getByTestId('desk-sign-in').waitFor();
  await page.locator('[data-testid="desk-connection"][data-state="open"]').waitFor();
  return { context, page, consoleErrors };
}

export async function signInDesk(page: Page, who: 'officer' | 'technician' = 'officer'): Promise<void> {
  await page.getByTestId('desk-staff-id').fill(DEV_STAFF_SECRETS[who].staffId);
  await page.getByTestId('desk-pin').fill(DEV_STAFF_SECRETS[who].pin);
  await page.getByTestId('desk-sign-in-submit').click();
}

/** The resident opens help (the tile on home, the footer button elsewhere) and places a call (`urgent`: the emergency button). */
export async function placeCall(page: Page, urgent = false): Promise<void> {
  const onHome = (await page.getByTestId('home').count()) > 0;
  await tap(onHome ? page.getByTestId('tile-help') : page.getByTestId('help-button'));
  await tap(page.getByTestId(urgent ? 'help-call-emergency' : 'help-call-video'));
}
