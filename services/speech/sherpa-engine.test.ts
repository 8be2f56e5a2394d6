import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSpeech } from './audio-check';
import { createSherpaEngine, findModelFiles } from './sherpa-engine';

describe('sherpa-onnx engine', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sherpa-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const modelFolder = () => {
    writeFileSync(join(dir, 'model.onnx'), 'x');
    writeFileSync(join(dir, 'tokens.txt'), 'a 1\n');
    writeFileSync(join(dir, 'lexicon.txt'), '请 q ing3\n');
    writeFileSync(join(dir, 'number.fst'), 'x');
    writeFileSync(join(dir, 'date.fst'), 'x');
    mkdirSync(join(dir, 'dict'));
  };

  it('finds a VITS model folder by its usual layout', () => {
    modelFolder();
    const found = findModelFiles(dir);
    expect(found).toEqual({
      ok: true,
      value: { model: join(dir, 'model.onnx'), tokens: join(dir, 'tokens.txt'), lexicon: join(dir, 'lexicon.txt'), dataDir: '', dictDir: join(dir, 'dict'), ruleFsts: `${join(dir, 'date.fst')},${join(dir, 'number.fst')}` },
    });
  });

  it('explains what is missing', () => {
    expect(findModelFiles(join(dir, 'nope'))).toMatchObject({ ok: false, error: { kind: 'unavailable', message: expect.stringContaining('does not exist') } });
    expect(findModelFiles(dir)).toMatchObject({ ok: false, error: { message: expect.stringContaining('expected model.onnx') } });
    writeFileSync(join(dir, 'model.onnx'), 'x');
    expect(findModelFiles(dir)).toMatchObject({ ok: false, error: { message: expect.stringContaining('no tokens.txt') } });
  });

  it('is unavailable without a configured model folder, and never imports the package then', async () => {
    let imported = false;
    const engine = createSherpaEngine({ modelDir: undefined, speakerId: 0, numThreads: 1, locales: ['zh-CN'], importModule: async () => (imported = true) });
    expect(await engine.load()).toMatchObject({ ok: false, error: { kind: 'unavailable', message: expect.stringContaining('speech.sherpaOnnx.modelDir') } });
    expect(imported).toBe(false);
  });

  it('reports a missing package as a reason, not a crash', async () => {
    modelFolder();
    const engine = createSherpaEngine({
      modelDir: dir, speakerId: 0, numThreads: 1, locales: ['zh-CN'],
      importModule: () => Promise.reject(new Error("Cannot find package 'sherpa-onnx-node'")),
    });
    const result = await engine.synthesize('你好', { locale: 'zh-CN', rate: 1 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', message: expect.stringMatching(/^package sherpa-onnx-node is not installed/) } });
  });

  it('reports a model the real binding cannot load (the package is installed here)', async () => {
    modelFolder(); // model.onnx is not a model
    const engine = createSherpaEngine({ modelDir: dir, speakerId: 0, numThreads: 1, locales: ['zh-CN'] });
    const result = await engine.load();
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    if (!result.ok) expect(result.error.message).toMatch(/could not load the model|not installed/);
  });

  it('passes the model files to the binding and turns its float samples into 16-bit WAV', async () => {
    modelFolder();
    let config: unknown;
    let request: unknown;
    const sampleRate = 16_000;
    const fakeBinding = {
      OfflineTts: {
        createAsync: async (given: unknown) => {
          config = given;
          return {
            sampleRate,
            generateAsync: async (req: { text: string }) => {
              request = req;
              const samples = new Float32Array(sampleRate * 2).map((_, i) => Math.sin(i / 8) * 0.3);
              samples[0] = 2; // clipped, not wrapped
              return { samples, sampleRate };
            },
          };
        },
      },
    };
    const engine = createSherpaEngine({ modelDir: dir, speakerId: 3, numThreads: 2, locales: ['zh-CN'], importModule: async () => ({ default: fakeBinding }) });
    expect(engine.supports('zh-CN')).toBe(true);
    expect(engine.supports('en')).toBe(false);
    const result = await engine.synthesize('请选择您要办理的业务', { locale: 'zh-CN', rate: 0.9 });
    if (!result.ok) throw new Error(result.error.message);
    expect(config).toMatchObject({ model: { vits: { model: join(dir, 'model.onnx'), tokens: join(dir, 'tokens.txt'), lexicon: join(dir, 'lexicon.txt') }, numThreads: 2 }, ruleFsts: expect.stringContaining('number.fst') });
    expect(request).toEqual({ text: '请选择您要办理的业务', sid: 3, speed: 0.9 });
    expect(result.value).toMatchObject({ sampleRate, durationMs: 2000 });
    expect(new DataView(result.value.wav.buffer).getInt16(44, true)).toBe(32767);
    expect(checkSpeech(result.value.wav, result.value.durationMs, '请选择您要办理的业务', 'zh-CN', 0.9)).toBeUndefined();
  });
});
