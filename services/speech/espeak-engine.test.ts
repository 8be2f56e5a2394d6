import wavefile from 'wavefile';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSpeech, plausibleDurationMs, rmsOfWav } from './audio-check';
import { createEspeakEngine, espeakWordsPerMinute } from './espeak-engine';

const { WaveFile } = wavefile;

/** Decodes with an independent WAV reader (wavefile), not our own header code. */
function decode(wav: Uint8Array) {
  const file = new WaveFile(wav);
  const fmt = file.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number; audioFormat: number };
  const samples = file.getSamples(false, Int16Array) as unknown as Int16Array;
  let sum = 0;
  for (const sample of samples) sum += (sample / 32768) ** 2;
  return { fmt, samples, rms: Math.sqrt(sum / samples.length), durationMs: (samples.length / fmt.sampleRate) * 1000 };
}

describe('espeak-ng engine (WebAssembly in a worker thread)', () => {
  const engine = createEspeakEngine();
  afterAll(() => engine.close());

  it('loads from the npm package with nothing downloaded', async () => {
    expect(await engine.load()).toEqual({ ok: true, value: undefined });
  });

  it.each([
    ['zh-CN', '请选择您要办理的业务'],
    ['zh-CN', '办理临时身份证需要缴费十元。请阅读须知，同意请按同意。'],
    ['en', 'Please choose a service'],
    ['en', 'A temporary ID card costs ten yuan. Please read the notice and press Agree to continue.'],
  ] as const)('speaks %s "%s": 16-bit mono PCM, loud enough, as long as the text should take', async (locale, text) => {
    const result = await engine.synthesize(text, { locale, rate: 0.9 });
    if (!result.ok) throw new Error(result.error.message);
    const decoded = decode(result.value.wav);
    expect(decoded.fmt).toMatchObject({ numChannels: 1, sampleRate: 22050, bitsPerSample: 16, audioFormat: 1 });
    expect(result.value.sampleRate).toBe(22050);
    expect(Math.abs(decoded.durationMs - result.value.durationMs)).toBeLessThan(2);
    expect(decoded.rms).toBeGreaterThan(0.02);
    expect(Math.abs(decoded.rms - rmsOfWav(result.value.wav))).toBeLessThan(1e-6);
    const { min, max } = plausibleDurationMs(text, locale, 0.9);
    expect(decoded.durationMs).toBeGreaterThan(min);
    expect(decoded.durationMs).toBeLessThan(max);
    expect(checkSpeech(result.value.wav, result.value.durationMs, text, locale, 0.9)).toBeUndefined();
  });

  it('speaks slower at a lower rate', async () => {
    const normal = await engine.synthesize('请选择您要办理的业务', { locale: 'zh-CN', rate: 1 });
    const slow = await engine.synthesize('请选择您要办理的业务', { locale: 'zh-CN', rate: 0.6 });
    if (!normal.ok || !slow.ok) throw new Error('synthesis failed');
    expect(slow.value.durationMs / normal.value.durationMs).toBeGreaterThan(1.3);
    expect(espeakWordsPerMinute(1)).toBe(175);
    expect(espeakWordsPerMinute(10)).toBe(450);
  });

  it('says nothing for an empty text rather than failing', async () => {
    const result = await engine.synthesize('', { locale: 'zh-CN', rate: 1 });
    expect(result.ok && result.value.durationMs).toBeLessThan(300);
  });
});

describe('the bundled Mandarin dictionary', () => {
  it('reads Hanzi as Mandarin syllables with tones, not as letters', async () => {
    // Debian's espeak-ng 1.51 package lacks the full cmn dictionary and spells such text out in
    // English; the npm build must not. Checked on the phonemes espeak-ng itself produces.
    const { default: createModule } = await import('@echogarden/espeak-ng-emscripten');
    const module = await createModule();
    const worker = new module.eSpeakNGWorker();
    expect(worker.set_voice('cmn')).toBe(0);
    const { ipa } = worker.synthesize_ipa('请选择');
    // qǐng xuǎn zé: tɕh-i-ŋ (tone 3), ɕ-yæ-n (tone 2 in espeak's cmn tables), ts-o.
    expect(ipa).toMatch(/tɕh.*i.*ŋ/);
    expect(ipa).toMatch(/ɕ.*y/);
    expect(ipa).toMatch(/[1-5ɜ]/);
    expect(ipa).not.toMatch(/\(en\)/);
  }, 20_000);
});

describe('espeak-ng engine failures', () => {
  it('times out a worker that never answers, every time, instead of waiting forever', async () => {
    const engine = createEspeakEngine({ workerUrl: new URL('./test-fixtures/silent-worker.mjs', import.meta.url), synthesisTimeoutMs: 100 });
    const first = await engine.synthesize('你好', { locale: 'zh-CN', rate: 1 });
    expect(first).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    const second = await engine.synthesize('你好', { locale: 'zh-CN', rate: 1 });
    expect(second).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    await engine.close();
  });

  it('reports a worker that cannot start as unavailable', async () => {
    const engine = createEspeakEngine({ workerUrl: new URL('./test-fixtures/no-such-worker.mjs', import.meta.url) });
    const result = await engine.load();
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    await engine.close();
  });
});
