/**
 * The notice board: fetches the police notices for this kiosk every `refreshMinutes`, keeps those
 * that pass the kiosk's checks (accept.ts) with their images cleaned and re-encoded (image.ts),
 * saves them (cache.ts), and answers the UI from memory. When the backend cannot be reached the
 * last good list keeps serving — from memory, or from disk after a restart — and a notice whose
 * `validUntil` passes meanwhile drops out by itself. One bad notice or image drops that notice only.
 *
 * The work happens on a timer, never while the UI waits: `notices.list` and `notices.image` read
 * memory only. Decoding is synchronous but bounded by the image limits (≤ 1.5 MP by default).
 *
 * Whenever the shown list changes — a refresh brought new, changed or withdrawn notices, or a
 * notice's `validUntil` passed — `onChange` listeners hear the new list (the core pushes it to the
 * screens as `notices.changed`), so no screen has to poll. A refresh that brings the same notices
 * says nothing.
 */
import type { NoticeImageData, NoticeList, NoticeView } from '../../contract/notices';
import type { PoliceGateway } from '../gateway/types';
import type { Logger } from '../log/logger';
import { acceptNotice, rankNotices, type AcceptedNotice } from './accept';
import { openNoticeCache, type CachedNotice, type CacheContents } from './cache';
import type { NoticesConfig } from './config';
import { cleanNoticeImage } from './image';

export interface NoticeBoardOptions {
  config: NoticesConfig;
  kioskId: string;
  gateway: Pick<PoliceGateway, 'getNotices' | 'getNoticeImage'>;
  /** `<dataDir>/notices`. */
  directory: string;
  log: Logger;
  now?: () => Date;
}

export type RefreshOutcome = { ok: true; value: { shown: number; dropped: number } } | { ok: false; error: { reason: 'disabled' | 'backendUnavailable' | 'busy'; message: string } };

export interface NoticeBoard {
  list(): NoticeList;
  /** One image as a data URL; undefined when no shown notice has it. */
  image(imageId: string): NoticeImageData | undefined;
  /** Fetches now (the timer calls it; tests too). Never throws. */
  refresh(): Promise<RefreshOutcome>;
  start(): void;
  stop(): void;
  /** Hears the shown list whenever it changes (not on a refresh that changed nothing). */
  onChange(listener: (list: NoticeList) => void): () => void;
}

/** setTimeout's longest delay (about 24.8 days); a later expiry is looked at again then. */
const MAX_TIMER_MS = 2_147_483_647;

export function createNoticeBoard(options: NoticeBoardOptions): NoticeBoard {
  const { config, gateway, log } = options;
  const now = options.now ?? (() => new Date());
  const cache = openNoticeCache(options.directory);
  let contents: CacheContents | undefined = cache.load();
  let source: NoticeList['source'] = contents ? 'cache' : 'none';
  /** Data URLs of the shown notices' images, by image id (built once per image, not per call). */
  const images = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<RefreshOutcome> | undefined;
  let stopped = false;
  const listeners = new Set<(list: NoticeList) => void>();
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  function loadImages(): void {
    images.clear();
    for (const notice of contents?.notices ?? []) {
      if (!notice.image) continue;
      const bytes = cache.image(notice.image);
      if (bytes) images.set(notice.image.imageId, `data:image/jpeg;base64,${bytes.toString('base64')}`);
    }
  }
  loadImages();
  if (contents) log.info('notices-from-cache', { notices: contents.notices.length, fetchedAt: contents.fetchedAt });

  function view(notice: CachedNotice): NoticeView {
    const image = notice.image && images.has(notice.image.imageId) ? { imageId: notice.image.imageId, width: notice.image.width, height: notice.image.height } : undefined;
    return {
      noticeId: notice.noticeId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      updatedAt: notice.updatedAt,
      ...(image ? { image } : {}),
      ...(notice.qrPayload ? { qrPayload: notice.qrPayload } : {}),
    };
  }

  /** The list that was current: still valid now, and — for a photo notice — only with its photo. */
  function list(): NoticeList {
    if (!config.enabled) return { notices: [], rotateSeconds: config.rotateSeconds, source: 'none' };
    const at = now().getTime();
    const shown = (contents?.notices ?? [])
      .filter((notice) => !notice.validUntil || Date.parse(notice.validUntil) > at)
      .map(view)
      // A missing or wanted person without the photo is not shown: a notice about a face needs the face.
      .filter((notice) => (notice.kind === 'missingPerson' || notice.kind === 'wantedPerson' ? notice.image !== undefined : true));
    return { notices: shown, rotateSeconds: config.rotateSeconds, source, ...(contents ? { fetchedAt: contents.fetchedAt } : {}) };
  }

  /** What a screen would show differently: the notices themselves (not where or when they were fetched). */
  const shownKey = (shown: NoticeList): string => JSON.stringify(shown.notices);
  let lastShown = shownKey(list());

  /** Tells the listeners when the shown list changed since they last heard, and watches the next expiry. */
  function announce(): void {
    const shown = list();
    const key = shownKey(shown);
    watchExpiry();
    if (key === lastShown) return;
    lastShown = key;
    for (const listener of listeners) {
      try {
        listener(shown);
      } catch (error) {
        log.error('notices-listener-failed', { error: (error as Error).message });
      }
    }
  }

  /** A notice leaves by itself when its `validUntil` passes: wake up then (a listener may be on screen). */
  function watchExpiry(): void {
    clearTimeout(expiryTimer);
    expiryTimer = undefined;
    if (stopped || listeners.size === 0 || !config.enabled) return;
    const at = now().getTime();
    const next = Math.min(...(contents?.notices ?? []).map((notice) => (notice.validUntil ? Date.parse(notice.validUntil) : Infinity)).filter((end) => end > at));
    if (!Number.isFinite(next)) return;
    expiryTimer = setTimeout(announce, Math.min(MAX_TIMER_MS, next - at + 1));
    expiryTimer.unref?.();
  }

  type ImageFetch = { ok: true; stored: NonNullable<CachedNotice['image']>; jpeg?: Buffer } | { ok: false; message: string };

  /** An image already cleaned and on disk is not fetched again; a new or changed one is fetched and cleaned. */
  async function fetchImage(image: NonNullable<AcceptedNotice['image']>): Promise<ImageFetch> {
    const known = contents?.notices.find((n) => n.image?.imageId === image.imageId && n.image.sha256 === image.sha256)?.image;
    if (known && cache.image(known)) return { ok: true, stored: known };
    const fetched = await gateway.getNoticeImage({ imageId: image.imageId });
    if (!fetched.ok) return { ok: false, message: `getNoticeImage: ${fetched.error.kind}` };
    if (fetched.value.contentType !== image.contentType) return { ok: false, message: 'the image is not of the type the notice said' };
    const checked = cleanNoticeImage(Buffer.from(fetched.value.dataBase64, 'base64'), image, config);
    if (!checked.ok) return { ok: false, message: `${checked.error.problem}: ${checked.error.message}` };
    return { ok: true, stored: { imageId: image.imageId, sha256: image.sha256, width: checked.value.width, height: checked.value.height }, jpeg: checked.value.jpeg };
  }

  async function fetchAll(): Promise<RefreshOutcome> {
    const answer = await gateway.getNotices({ kioskId: options.kioskId });
    if (!answer.ok) {
      if (contents) source = 'cache';
      log.warn('notices-fetch-failed', { kind: answer.error.kind, keeping: contents?.notices.length ?? 0 });
      return { ok: false, error: { reason: 'backendUnavailable', message: `getNotices: ${answer.error.kind}` } };
    }
    const at = now();
    let dropped = 0;
    const accepted = answer.value.notices.flatMap((notice) => {
      const checked = acceptNotice(notice, config, at);
      if (checked.ok) return [checked.value];
      // Expired or not yet valid is routine; anything else is worth a line for whoever runs the backend.
      if (checked.error.problem !== 'expired' && checked.error.problem !== 'notYetValid') {
        dropped += 1;
        log.warn('notice-refused', { ...checked.error });
      }
      return [];
    });
    const next: CachedNotice[] = [];
    const jpegs = new Map<string, Buffer>();
    for (const notice of rankNotices(accepted, config.maxNotices)) {
      const { image, ...rest } = notice;
      if (!image) {
        next.push(rest);
        continue;
      }
      const result = await fetchImage(image);
      if (!result.ok) {
        dropped += 1;
        log.warn('notice-image-refused', { noticeId: notice.noticeId, imageId: image.imageId, problem: result.message });
        continue;
      }
      if (result.jpeg) jpegs.set(cache.keyOf(result.stored), result.jpeg);
      next.push({ ...rest, image: result.stored });
    }
    contents = { version: 1, fetchedAt: at.toISOString(), notices: next };
    try {
      cache.save(contents, jpegs);
    } catch (error) {
      log.error('notices-cache-write-failed', { error: (error as Error).message });
    }
    loadImages();
    source = 'backend';
    log.info('notices-refreshed', { shown: next.length, dropped });
    announce();
    return { ok: true, value: { shown: next.length, dropped } };
  }

  function refresh(): Promise<RefreshOutcome> {
    if (!config.enabled) return Promise.resolve({ ok: false, error: { reason: 'disabled', message: 'notices are switched off' } });
    // One fetch at a time: a slow backend must not pile requests up.
    running ??= fetchAll()
      .catch((error: unknown): RefreshOutcome => {
        log.error('notices-refresh-failed', { error: (error as Error).message });
        return { ok: false, error: { reason: 'backendUnavailable', message: (error as Error).message } };
      })
      .finally(() => (running = undefined));
    return running;
  }

  function schedule(afterMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void refresh().then((outcome) => schedule(outcome.ok ? config.refreshMinutes * 60_000 : Math.min(config.refreshMinutes * 60_000, 60_000)));
    }, afterMs);
    timer.unref?.();
  }

  return {
    list,
    image(imageId) {
      const dataUrl = images.get(imageId);
      return dataUrl && list().notices.some((n) => n.image?.imageId === imageId) ? { imageId, dataUrl } : undefined;
    },
    refresh,
    start() {
      stopped = false;
      if (config.enabled) schedule(0);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(expiryTimer);
    },
    onChange(listener) {
      listeners.add(listener);
      watchExpiry();
      return () => {
        listeners.delete(listener);
        watchExpiry();
      };
    },
  };
}
