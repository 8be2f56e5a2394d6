import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NoticeList } from '../../contract/notices';
import { createEmbeddedGateway } from '../backend-sim/embedded';
import { NOTICE } from '../backend-sim/fixtures';
import { portraitJpeg } from '../backend-sim/notice-images';
import type { Notice, NoticeImage } from '../gateway/schemas';
import type { GatewayResult, PoliceGateway } from '../gateway/types';
import { createLogger } from '../log/logger';
import { createNoticeBoard } from './board';
import { sniffImage } from './image';
import { NoticesConfig } from './config';

const NOW = new Date('2026-06-15T04:00:00Z');
const log = createLogger({ level: 'error', sink: () => {} });
const photo = portraitJpeg({ width: 90, height: 110, background: [200, 210, 220], figure: [60, 70, 80] });
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function notice(id: string, extra: Partial<Notice> = {}): Notice {
  return {
    noticeId: id, kind: 'antiFraud', priority: 5, validFrom: '2026-06-01T00:00:00Z', updatedAt: '2026-06-10T00:00:00Z',
    title: { 'zh-CN': `提醒 ${id}` }, body: { 'zh-CN': '接到陌生电话要求转账，请立即挂断。' }, ...extra,
  };
}

/** A backend whose notices, images and reachability each test sets. */
function fakeBackend() {
  const state = { up: true, notices: [] as Notice[], images: new Map<string, NoticeImage>(), imageCalls: 0 };
  const down = { ok: false as const, error: { kind: 'network' as const, message: 'connection refused', retryable: true } };
  const gateway: Pick<PoliceGateway, 'getNotices' | 'getNoticeImage'> = {
    getNotices: async () => (state.up ? { ok: true, value: { notices: state.notices, generatedAt: NOW.toISOString() } } : down),
    getNoticeImage: async ({ imageId }): Promise<GatewayResult<NoticeImage>> => {
      state.imageCalls += 1;
      if (!state.up) return down;
      const image = state.images.get(imageId);
      return image ? { ok: true, value: image } : { ok: false, error: { kind: 'rejected', status: 404, code: 'notFound', message: 'no such image', retryable: false } };
    },
  };
  return { state, gateway };
}

describe('the notice board', () => {
  let dir: string;
  let now: Date;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'notices-'));
    now = NOW;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const board = (gateway: Pick<PoliceGateway, 'getNotices' | 'getNoticeImage'>, config: Partial<NoticesConfig> = {}) =>
    createNoticeBoard({ config: NoticesConfig.parse(config), kioskId: 'K-1', gateway, directory: dir, log, now: () => now });

  it('shows the notices that pass, ranked; drops each bad one alone; serves the cleaned photo', async () => {
    const { state, gateway } = fakeBackend();
    state.images.set('IMG-1', { imageId: 'IMG-1', contentType: 'image/jpeg', dataBase64: photo.toString('base64') });
    state.images.set('IMG-BAD', { imageId: 'IMG-BAD', contentType: 'image/jpeg', dataBase64: Buffer.from('not a jpeg').toString('base64') });
    state.notices = [
      notice('LOW', { priority: 1 }),
      notice('MISSING', { kind: 'missingPerson', priority: 8, image: { imageId: 'IMG-1', contentType: 'image/jpeg', byteLength: photo.length, sha256: sha(photo) } }),
      notice('BAD-IMAGE', { kind: 'wantedPerson', priority: 9, image: { imageId: 'IMG-BAD', contentType: 'image/jpeg', byteLength: 10, sha256: sha(Buffer.from('not a jpeg')) } }),
      notice('LONG-TITLE', { title: { 'zh-CN': '长'.repeat(41) } }),
      notice('BIDI', { body: { 'zh-CN': '请拨打\u202E0110 核实' } }),
      notice('EXPIRED', { validUntil: '2026-06-14T00:00:00Z' }),
      notice('FUTURE', { validFrom: '2026-07-01T00:00:00Z' }),
      notice('QR-ELSEWHERE', { kind: 'wechatGroup', qrPayload: 'https://evil.example/join' }),
      notice('QR-HTTP', { kind: 'wechatGroup', qrPayload: 'http://work.weixin.qq.com/gm/abc' }),
      notice('QR', { kind: 'wechatGroup', priority: 3, qrPayload: 'https://work.weixin.qq.com/gm/abc' }),
    ];
    const b = board(gateway);
    expect(b.list()).toMatchObject({ source: 'none', notices: [] });
    const outcome = await b.refresh();
    expect(outcome).toEqual({ ok: true, value: { shown: 3, dropped: 5 } });
    const list = NoticeList.parse(b.list());
    expect(list.source).toBe('backend');
    expect(list.notices.map((n) => n.noticeId)).toEqual(['MISSING', 'QR', 'LOW']);
    expect(list.notices[0]!.image).toEqual({ imageId: 'IMG-1', width: 90, height: 110 });
    const image = b.image('IMG-1');
    expect(image?.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    expect(sniffImage(Buffer.from(image!.dataUrl.split(',')[1]!, 'base64'))).toEqual({ type: 'jpg', width: 90, height: 110 });
    expect(b.image('IMG-BAD')).toBeUndefined();
  });

  it('keeps serving the last list when the backend is down, and after a restart from disk; an unchanged photo is not fetched again', async () => {
    const { state, gateway } = fakeBackend();
    state.images.set('IMG-1', { imageId: 'IMG-1', contentType: 'image/jpeg', dataBase64: photo.toString('base64') });
    state.notices = [notice('A', { validUntil: '2026-06-20T00:00:00Z' }), notice('P', { kind: 'missingPerson', image: { imageId: 'IMG-1', contentType: 'image/jpeg', byteLength: photo.length, sha256: sha(photo) } })];
    const first = board(gateway);
    await first.refresh();
    await first.refresh();
    expect(state.imageCalls).toBe(1);

    state.up = false;
    expect((await first.refresh()).ok).toBe(false);
    expect(first.list()).toMatchObject({ source: 'cache', notices: [{ noticeId: 'A' }, { noticeId: 'P' }] });

    // A restart with the backend still down: the cache on disk, photo included.
    const second = board(gateway);
    expect(second.list().notices.map((n) => n.noticeId)).toEqual(['A', 'P']);
    expect(second.list().source).toBe('cache');
    expect(second.image('IMG-1')?.dataUrl).toMatch(/^data:image\/jpeg/);
    // Nothing personal on disk: the list and one JPEG.
    expect(readdirSync(dir).sort()).toEqual(['images', 'notices.json']);
    expect(readdirSync(join(dir, 'images'))).toHaveLength(1);

    // A notice that expires while the backend is down leaves by itself.
    now = new Date('2026-06-21T00:00:00Z');
    expect(second.list().notices.map((n) => n.noticeId)).toEqual(['P']);
  });

  it('a damaged cache is ignored, a damaged cached photo hides that photo notice only', async () => {
    const { state, gateway } = fakeBackend();
    state.images.set('IMG-1', { imageId: 'IMG-1', contentType: 'image/jpeg', dataBase64: photo.toString('base64') });
    state.notices = [notice('A'), notice('P', { kind: 'wantedPerson', image: { imageId: 'IMG-1', contentType: 'image/jpeg', byteLength: photo.length, sha256: sha(photo) } })];
    await board(gateway).refresh();
    const [file] = readdirSync(join(dir, 'images'));
    writeFileSync(join(dir, 'images', file!), Buffer.from('<html>'));
    state.up = false;
    expect(board(gateway).list().notices.map((n) => n.noticeId)).toEqual(['A']);

    writeFileSync(join(dir, 'notices.json'), readFileSync(join(dir, 'notices.json'), 'utf8').slice(0, 40));
    expect(board(gateway).list()).toMatchObject({ source: 'none', notices: [] });
  });

  it('switched off: nothing is fetched and nothing shown', async () => {
    const { state, gateway } = fakeBackend();
    state.notices = [notice('A')];
    const b = board(gateway, { enabled: false });
    expect(await b.refresh()).toMatchObject({ ok: false, error: { reason: 'disabled' } });
    expect(b.list().notices).toEqual([]);
  });

  it("the simulator's seeded week: both photos pass the checks, the expired notice is left out", async () => {
    const gateway = createEmbeddedGateway({ now: () => NOW });
    try {
      const b = createNoticeBoard({ config: NoticesConfig.parse({}), kioskId: 'K-1', gateway, directory: dir, log });
      expect((await b.refresh()).ok).toBe(true);
      const ids = b.list().notices.map((n) => n.noticeId);
      expect(ids).toEqual(expect.arrayContaining([NOTICE.impersonation, NOTICE.missing, NOTICE.wanted, NOTICE.wechat]));
      expect(ids).not.toContain(NOTICE.expired);
      for (const n of b.list().notices.filter((x) => x.kind === 'missingPerson' || x.kind === 'wantedPerson')) expect(b.image(n.image!.imageId)).toBeDefined();
    } finally {
      gateway.close();
    }
  });

  it('tells its listeners when the shown notices change, and not when a refresh brings the same ones', async () => {
    const { state, gateway } = fakeBackend();
    state.notices = [notice('A'), notice('B', { priority: 3 })];
    const b = board(gateway);
    const heard: string[][] = [];
    const off = b.onChange((list) => heard.push(NoticeList.parse(list).notices.map((n) => n.noticeId)));
    await b.refresh();
    expect(heard).toEqual([['A', 'B']]);
    // The same notices again (a new fetch time, same content): nothing to say.
    await b.refresh();
    expect(heard).toHaveLength(1);
    // The backend down: the list stays, nothing to say.
    state.up = false;
    await b.refresh();
    expect(heard).toHaveLength(1);
    state.up = true;
    // A new notice, a changed text, a withdrawn one: each heard once, with the whole new list.
    state.notices = [notice('A'), notice('B', { priority: 3 }), notice('C', { priority: 9 })];
    await b.refresh();
    state.notices = [notice('A', { title: { 'zh-CN': '新的提醒' } }), notice('C', { priority: 9 })];
    await b.refresh();
    await b.refresh();
    expect(heard).toEqual([['A', 'B'], ['C', 'A', 'B'], ['C', 'A']]);
    off();
    state.notices = [notice('A')];
    await b.refresh();
    expect(heard).toHaveLength(3);
  });

  it('tells its listeners when a notice expires on its own, without a refresh', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { state, gateway } = fakeBackend();
      state.notices = [notice('STAYS'), notice('LEAVES', { priority: 9, validUntil: new Date(NOW.getTime() + 60_000).toISOString() })];
      const b = board(gateway);
      const heard: string[][] = [];
      b.onChange((list) => heard.push(list.notices.map((n) => n.noticeId)));
      await b.refresh();
      expect(heard).toEqual([['LEAVES', 'STAYS']]);
      now = new Date(NOW.getTime() + 59_000);
      vi.advanceTimersByTime(59_000);
      expect(heard).toHaveLength(1);
      now = new Date(NOW.getTime() + 61_000);
      vi.advanceTimersByTime(2_000);
      expect(heard).toEqual([['LEAVES', 'STAYS'], ['STAYS']]);
      b.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
