import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SpeechConfig } from '../config/schema';
import { createMemoryLogger } from '../log/logger';
import { createSpeechService, type SpeechService } from './speech-service';
import { fakeEngine, unavailable, type FakeEngine } from './test-engines';
import type { SpeechEngine } from './types';

function wavFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(at, entry.name));
      else if (entry.name.endsWith('.wav')) found.push(join(at, entry.name));
    }
  };
  try {
    walk(dir);
  } catch {
    // no cache folder yet
  }
  return found;
}

describe('speech service', () => {
  let dataDir: string;
  let service: SpeechService | undefined;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'speech-'));
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(engines: Partial<Record<'espeak-ng' | 'sherpa-onnx', SpeechEngine>>, speech: object = {}) {
    const config = SpeechConfig.parse(speech);
    service = createSpeechService({ config, dataDir, log: createMemoryLogger(), engines, recheckAfterMs: 20 });
    return service;
  }

  it('is healthy when the first configured engine passes its self-test', async () => {
    const speech = start({ 'espeak-ng': fakeEngine('espeak-ng') });
    expect(speech.health()).toMatchObject({ level: 'ok', checking: true });
    const health = await speech.whenChecked();
    expect(health).toEqual({ level: 'ok', engine: 'espeak-ng', checking: false, engines: [{ id: 'espeak-ng', state: 'ready' }] });
  });

  it('falls back in the configured order and reports the first engine as degraded with its reason', async () => {
    const sherpa = fakeEngine('sherpa-onnx', { load: unavailable('sherpa-onnx model missing in /models') });
    const espeak = fakeEngine('espeak-ng');
    const speech = start({ 'sherpa-onnx': sherpa, 'espeak-ng': espeak }, { engines: ['sherpa-onnx', 'espeak-ng'] });
    const health = await speech.whenChecked();
    expect(health.level).toBe('degraded');
    expect(health.engine).toBe('espeak-ng');
    expect(health.reason).toBe('sherpa-onnx: sherpa-onnx model missing in /models; speaking with espeak-ng instead');
    const said = await speech.say({ text: '请选择您要办理的业务', locale: 'zh-CN' });
    expect(said.ok && said.clip.engine).toBe('espeak-ng');
  });

  it('rejects a self-test that produced silence', async () => {
    const speech = start({ 'espeak-ng': fakeEngine('espeak-ng', { amplitude: 0 }) });
    const health = await speech.whenChecked();
    expect(health).toMatchObject({ level: 'degraded', engine: null });
    expect(health.reason).toMatch(/audio is silent/);
    expect(await speech.say({ text: '你好', locale: 'zh-CN' })).toMatchObject({ ok: false, reason: 'silent', platformFallback: true });
  });

  it('skips an engine that does not speak the locale', async () => {
    const sherpa = fakeEngine('sherpa-onnx', { locales: ['zh-CN'] });
    const espeak = fakeEngine('espeak-ng');
    const speech = start({ 'sherpa-onnx': sherpa, 'espeak-ng': espeak }, { engines: ['sherpa-onnx', 'espeak-ng'] });
    await speech.whenChecked();
    const zh = await speech.say({ text: '请稍候', locale: 'zh-CN' });
    const en = await speech.say({ text: 'Please wait', locale: 'en' });
    expect(zh.ok && zh.clip.engine).toBe('sherpa-onnx');
    expect(en.ok && en.clip.engine).toBe('espeak-ng');
  });

  it('moves on when the engine stops answering, marks it unavailable and takes it back after a new self-test', async () => {
    const sherpa = fakeEngine('sherpa-onnx');
    const espeak = fakeEngine('espeak-ng');
    const speech = start({ 'sherpa-onnx': sherpa, 'espeak-ng': espeak }, { engines: ['sherpa-onnx', 'espeak-ng'] });
    await speech.whenChecked();
    sherpa.failNext({ kind: 'timeout', message: 'gave no audio in 5000 ms' });
    const said = await speech.say({ text: '请稍候', locale: 'zh-CN' });
    expect(said.ok && said.clip.engine).toBe('espeak-ng');
    expect(speech.health()).toMatchObject({ level: 'degraded', engine: 'espeak-ng' });
    await expect.poll(() => speech.health().level).toBe('ok');
    const again = await speech.say({ text: '请再稍候', locale: 'zh-CN' });
    expect(again.ok && again.clip.engine).toBe('sherpa-onnx');
  });

  it('a failure on one text falls back without blaming the engine', async () => {
    const sherpa = fakeEngine('sherpa-onnx');
    const espeak = fakeEngine('espeak-ng');
    const speech = start({ 'sherpa-onnx': sherpa, 'espeak-ng': espeak }, { engines: ['sherpa-onnx', 'espeak-ng'] });
    await speech.whenChecked();
    sherpa.failNext({ kind: 'failed', message: 'no audio for this text' });
    const said = await speech.say({ text: '请稍候', locale: 'zh-CN' });
    expect(said.ok && said.clip.engine).toBe('espeak-ng');
    expect(speech.health().level).toBe('ok');
  });

  it('says so when nothing can speak, and whether the platform voice may be tried', async () => {
    const broken = fakeEngine('espeak-ng', { load: unavailable('espeak-ng could not load') });
    const speech = start({ 'espeak-ng': broken }, { engines: ['espeak-ng'] });
    const health = await speech.whenChecked();
    expect(health).toMatchObject({ level: 'degraded', engine: null, reason: 'espeak-ng: espeak-ng could not load; the kiosk is silent' });
    expect(await speech.say({ text: '你好', locale: 'zh-CN' })).toMatchObject({ ok: false, reason: 'silent', platformFallback: false });
  });

  it('keeps a fixed prompt on disk and serves it from there after a restart', async () => {
    const espeak = fakeEngine('espeak-ng');
    let speech = start({ 'espeak-ng': espeak });
    await speech.whenChecked();
    const first = await speech.say({ text: '请选择您要办理的业务', locale: 'zh-CN', prompt: 'home.voice' });
    expect(first.ok && first.clip.source).toBe('synthesized');
    // The clip is written to disk in the background; on a busy machine that can take a while.
    await vi.waitFor(() => expect(wavFiles(join(dataDir, 'speech-cache'))).toHaveLength(1), { timeout: 5000 });
    await speech.stop();
    const again = fakeEngine('espeak-ng');
    speech = start({ 'espeak-ng': again });
    await speech.whenChecked();
    const spokenBefore = again.spoken.length;
    const second = await speech.say({ text: '请选择您要办理的业务', locale: 'zh-CN', prompt: 'home.voice' });
    expect(second.ok && second.clip.source).toBe('disk');
    expect(again.spoken.length).toBe(spokenBefore);
    const third = await speech.say({ text: '请选择您要办理的业务', locale: 'zh-CN', prompt: 'home.voice' });
    expect(third.ok && third.clip.source).toBe('memory');
  });

  it('never writes personal text to disk, even when it is marked as a prompt, and forgets it when the session ends', async () => {
    const espeak = fakeEngine('espeak-ng');
    const speech = start({ 'espeak-ng': espeak });
    await speech.whenChecked();
    const personal = [
      { text: '身份证号 110105********002X，请核对', prompt: 'tempId.confirm.voice' },
      { text: '您的交易号是20261201093000123456', prompt: 'tempId.done.voice' },
      { text: '王䶮，您好', prompt: undefined },
    ];
    for (const { text, prompt } of personal) {
      const said = await speech.say({ text, locale: 'zh-CN', ...(prompt ? { prompt } : {}) });
      expect(said.ok).toBe(true);
    }
    speech.prepare([{ key: 'tempId.bad', locale: 'zh-CN', text: '110105********002X' }]);
    await settle();
    expect(wavFiles(join(dataDir, 'speech-cache'))).toEqual([]);
    const manifest = readFileSyncSafe(join(dataDir, 'speech-cache', 'prompts.json'));
    expect(manifest).not.toContain('110105');
    // Memory: asked again, it is served from memory; after the session ends it is synthesized anew.
    const again = await speech.say({ text: '王䶮，您好', locale: 'zh-CN' });
    expect(again.ok && again.clip.source).toBe('memory');
    speech.forgetPersonal();
    const afterWipe = await speech.say({ text: '王䶮，您好', locale: 'zh-CN' });
    expect(afterWipe.ok && afterWipe.clip.source).toBe('synthesized');
  });

  it('renders the prompt catalogue ahead of time in the background, and again at the next start-up', async () => {
    const espeak = fakeEngine('espeak-ng');
    const speech = start({ 'espeak-ng': espeak });
    expect(speech.prepare([
      { key: 'home.voice', locale: 'zh-CN', text: '请选择您要办理的业务' },
      { key: 'home.voice', locale: 'en', text: 'Please choose a service' },
    ])).toBe(2);
    await speech.whenChecked();
    await expect.poll(() => wavFiles(join(dataDir, 'speech-cache')).length).toBe(2);
    expect(espeak.spoken).toContain('Please choose a service');
    await speech.stop();
    // A new engine configuration (another rate) renders the same catalogue again by itself.
    const next = fakeEngine('espeak-ng');
    const restarted = start({ 'espeak-ng': next }, { rate: 1.1 });
    await restarted.whenChecked();
    await expect.poll(() => wavFiles(join(dataDir, 'speech-cache')).length).toBe(4);
  });

  it('sends a long clip in parts that reassemble into the same WAV', async () => {
    const speech = start({ 'espeak-ng': fakeEngine('espeak-ng') });
    await speech.whenChecked();
    const text = '请'.repeat(300); // 300 × 0.25 s / 0.9 ≈ 83 s at 16 kHz ≈ 2.7 MB
    const said = await speech.say({ text, locale: 'zh-CN' });
    if (!said.ok) throw new Error(said.message);
    const parts = [Buffer.from(said.clip.data, 'base64')];
    let next = said.clip.nextOffset;
    while (next !== null) {
      const part = speech.clipPart(said.clip.clipId, next);
      if (!part) throw new Error('part missing');
      parts.push(Buffer.from(part.data, 'base64'));
      expect(part.data.length).toBeLessThan(1024 * 1024 * 0.75);
      next = part.nextOffset;
    }
    expect(parts.length).toBeGreaterThan(4);
    const whole = Buffer.concat(parts);
    expect(whole.length).toBe(said.clip.byteLength);
    expect(whole.subarray(0, 4).toString()).toBe('RIFF');
    expect(whole.readUInt32LE(40)).toBe(whole.length - 44);
    expect(speech.clipPart(said.clip.clipId, 512 * 1024)).toBeUndefined(); // gone once fully read
  });

  it('a newer screen request replaces an older one still waiting', async () => {
    const espeak: FakeEngine = fakeEngine('espeak-ng');
    const speech = start({ 'espeak-ng': espeak });
    await speech.whenChecked();
    espeak.hold();
    const first = speech.say({ text: '第一屏', locale: 'zh-CN' });
    const second = speech.say({ text: '第二屏', locale: 'zh-CN' });
    const third = speech.say({ text: '第三屏', locale: 'zh-CN' });
    espeak.release();
    expect((await first).ok).toBe(true); // already running when the others came
    expect(await second).toMatchObject({ ok: false, reason: 'superseded' });
    expect((await third).ok).toBe(true);
  });
});

function readFileSyncSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
