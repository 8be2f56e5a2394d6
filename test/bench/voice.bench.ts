/**
 * `npm run bench:voice`: how quickly the kiosk starts speaking.
 *
 * 1. In headless Chromium against web mode (the real core, espeak-ng engine), measured inside the
 *    page: from the moment a screen appears in the document (a MutationObserver sees it) to the
 *    moment an AudioBufferSourceNode with its prompt starts. Cached prompt: the home screen's fixed
 *    prompt (rendered ahead of time, then served from memory/disk). Dynamic text: a fresh amount and
 *    transaction number every time (never cached), from the request in the page to the audio start.
 *    Targets: ≤ 150 ms for cached prompts, ≤ 600 ms for dynamic text.
 * 2. The raw engine in Node: synthesis time per character and the real-time factor.
 */
import { launchKiosk } from '../e2e/harness';
import { installAudioProbe } from '../e2e/voice-probe';
import { voicePromptCatalogue } from '../../renderer/voice/prompts';
import { createEspeakEngine } from '../../services/speech/espeak-engine';
import { speakable } from '../../services/speech/normalize';

const ROUNDS = Number(process.env.VOICE_BENCH_ROUNDS ?? 20);

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const summary = (values: readonly number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (n=${values.length})`;

interface ProbeWindow {
  __audioProbe: { starts: { at: number }[] };
  __screenShown: Record<string, number>;
  __kioskVoice: { say(text: string, locale: string): Promise<string>; stats(): { lastSource: string | null } };
}

async function browserFigures(): Promise<void> {
  const kiosk = await launchKiosk();
  try {
    const { page } = kiosk;
    await page.addInitScript(() => {
      const shown: Record<string, number> = {};
      (window as unknown as ProbeWindow).__screenShown = shown;
      new MutationObserver(() => {
        for (const id of ['home', 'service-unavailable']) {
          const present = document.querySelector(`[data-testid="${id}"]`) !== null;
          if (present && shown[id] === undefined) shown[id] = performance.now();
          if (!present) delete shown[id];
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await installAudioProbe(page);
    await page.getByTestId('start').tap();
    await page.getByTestId('home').waitFor();
    // Let the start-up self-test and pre-rendering finish, as on a kiosk that has been on a while.
    await page.waitForFunction(() => (window as unknown as ProbeWindow).__audioProbe.starts.length >= 1, null, { timeout: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const cached: number[] = [];
    const sources = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      await page.getByTestId('tile-noCriminalRecord').tap();
      await page.getByTestId('service-unavailable').waitFor();
      const before = await page.evaluate(() => (window as unknown as ProbeWindow).__audioProbe.starts.length);
      await page.getByTestId('back-home').tap();
      await page.getByTestId('home').waitFor();
      await page.waitForFunction((count) => (window as unknown as ProbeWindow).__audioProbe.starts.length > count, before, { timeout: 10_000 });
      const { latency, source } = await page.evaluate(() => {
        const w = window as unknown as ProbeWindow;
        return { latency: w.__audioProbe.starts.at(-1)!.at - w.__screenShown.home!, source: w.__kioskVoice.stats().lastSource ?? '?' };
      });
      cached.push(latency);
      sources.set(source, (sources.get(source) ?? 0) + 1);
    }

    const dynamic: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const yuan = 10 + round;
      const text = `请支付${yuan}.50元，交易号2026120109${String(round).padStart(4, '0')}${Math.floor(Math.random() * 1e6)}。`;
      const latency = await page.evaluate(async (say) => {
        const w = window as unknown as ProbeWindow;
        const before = w.__audioProbe.starts.length;
        const started = performance.now();
        const outcome = await w.__kioskVoice.say(say, 'zh-CN');
        if (outcome !== 'started' || w.__audioProbe.starts.length === before) return -1;
        return w.__audioProbe.starts.at(-1)!.at - started;
      }, text);
      if (latency < 0) throw new Error('dynamic text did not start playing');
      dynamic.push(latency);
    }
    console.log('Chromium, web mode, espeak-ng:');
    console.log(`  cached prompt (home), screen shown → audio starting: ${summary(cached)}  [target ≤ 150 ms]; served from ${[...sources].map(([s, n]) => `${s} ×${n}`).join(', ')}`);
    console.log(`  dynamic text (amount + transaction number), request → audio starting: ${summary(dynamic)}  [target ≤ 600 ms]`);
  } finally {
    await kiosk.close();
  }
}

async function engineFigures(): Promise<void> {
  const engine = createEspeakEngine();
  const loadStarted = performance.now();
  const loaded = await engine.load();
  if (!loaded.ok) throw new Error(loaded.error.message);
  const loadMs = performance.now() - loadStarted;
  const texts = voicePromptCatalogue().map(({ text, locale }) => ({ text: speakable(text, locale), locale }));
  // Warm up (WebAssembly tiers up after a few runs), then measure.
  for (const { text, locale } of texts.slice(0, 12)) await engine.synthesize(text, { locale, rate: 0.9 });
  for (const locale of ['zh-CN', 'en'] as const) {
    const perChar: number[] = [];
    const perCall: number[] = [];
    let audioMs = 0;
    let wallMs = 0;
    for (const { text } of texts.filter((each) => each.locale === locale)) {
      const started = performance.now();
      const result = await engine.synthesize(text, { locale, rate: 0.9 });
      const took = performance.now() - started;
      if (!result.ok) throw new Error(result.error.message);
      perChar.push(took / [...text].length);
      perCall.push(took);
      audioMs += result.value.durationMs;
      wallMs += took;
    }
    console.log(`  ${locale}: ${summary(perCall)} per prompt; ${percentile(perChar, 50).toFixed(2)} ms per character (p50); ${(audioMs / wallMs).toFixed(0)}× real time`);
  }
  console.log(`  worker start and load: ${loadMs.toFixed(0)} ms`);
  await engine.close();
}

await browserFigures();
console.log('espeak-ng engine in Node (worker thread), over every catalogue prompt:');
await engineFigures();
