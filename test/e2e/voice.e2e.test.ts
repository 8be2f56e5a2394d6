import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKiosk, RESULTS, tap, type Kiosk } from './harness';
import { audioStarts, installAudioProbe } from './voice-probe';

describe('voice guidance in a real browser (web mode)', () => {
  describe('with the built-in espeak-ng engine', () => {
    let kiosk: Kiosk;

    beforeAll(async () => {
      kiosk = await launchKiosk();
      await installAudioProbe(kiosk.page);
    });
    afterAll(async () => {
      await kiosk?.close();
    });

    it('speaks the home prompt: an AudioBufferSourceNode with real speech starts in the page', async () => {
      const { page } = kiosk;
      await page.getByTestId('attract').waitFor();
      await tap(page.getByTestId('start')); // a real touch, so the autoplay policy lets audio start
      await page.getByTestId('home').waitFor();
      await expect.poll(async () => (await audioStarts(page)).starts.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
      const [first] = (await audioStarts(page)).starts;
      expect(first!.contextState).toBe('running');
      // 请选择您要办理的业务 (10 syllables) at rate 0.9: about 2.7 s of audible speech.
      expect(first!.durationS).toBeGreaterThan(1.2);
      expect(first!.durationS).toBeLessThan(6);
      expect(first!.rms).toBeGreaterThan(0.01);
      const stats = await page.evaluate(() => (window as unknown as { __kioskVoice: { stats(): { lastPrompt: string | null; lastOutcome: string | null } } }).__kioskVoice.stats());
      expect(stats).toMatchObject({ lastPrompt: 'home.voice', lastOutcome: 'started' });
      await expect.poll(() => page.getByTestId('voice-health').count()).toBe(0);
      expect(kiosk.consoleErrors).toEqual([]);
    });

    it('stops speaking when the screen changes, and the next screen speaks its own prompt', async () => {
      const { page } = kiosk;
      const before = await audioStarts(page);
      await tap(page.getByTestId('tile-noCriminalRecord'));
      await page.getByTestId('service-unavailable').waitFor();
      await expect.poll(async () => (await audioStarts(page)).starts.length, { timeout: 15_000 }).toBe(before.starts.length + 1);
      const after = await audioStarts(page);
      expect(after.stops).toBeGreaterThan(before.stops);
      // Heading and what-next, with 110 said as 幺幺零: several seconds of speech.
      expect(after.starts.at(-1)!.durationS).toBeGreaterThan(4);
    });

    it('reports voice health in /healthz', async () => {
      const response = await fetch(`${kiosk.host.url}healthz`);
      const body = (await response.json()) as { core: { voice: string } };
      expect(body.core.voice).toBe('ok');
    });
  });

  describe('with the configured engine missing', () => {
    let kiosk: Kiosk;

    beforeAll(async () => {
      kiosk = await launchKiosk({ speech: { engines: ['sherpa-onnx'], sherpaOnnx: { modelDir: '/nonexistent/sherpa-model' } } });
      await installAudioProbe(kiosk.page);
    });
    afterAll(async () => {
      await kiosk?.close();
    });

    it('shows the yellow voice-health item and stays silent instead of failing', async () => {
      const { page } = kiosk;
      await tap(page.getByTestId('start'));
      await page.getByTestId('home').waitFor();
      const item = page.getByTestId('voice-health');
      await expect.poll(() => item.textContent(), { timeout: 15_000 }).toContain('语音提示暂不可用');
      expect(await item.getAttribute('class')).toContain('health-degraded');
      expect(await item.getAttribute('title')).toContain('/nonexistent/sherpa-model');
      await page.screenshot({ path: `${RESULTS}/voice-health-degraded.png` });
      expect((await audioStarts(page)).starts).toEqual([]);
      const body = (await (await fetch(`${kiosk.host.url}healthz`)).json()) as { core: { voice: string } };
      expect(body.core.voice).toBe('degraded');
      expect(kiosk.consoleErrors).toEqual([]);
    });
  });
});
