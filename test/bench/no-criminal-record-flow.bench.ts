/**
 * Part of `npm run bench:flows`: the no-criminal-record certificate in headless Chromium against web
 * mode (unpaced simulators, no think time), a purpose typed with the pinyin keyboard on every run.
 *
 * Prints:
 *  - tap → next screen for each resident action (p50/p95; target p95 ≤ 50 ms), measured in the
 *    page from the touch reaching the document to the animation frame that first draws the screen;
 *  - pinyin key press → candidates on screen (p50/p95; target ≤ 50 ms), measured the same way to
 *    the frame that shows the typed letters with their candidates;
 *  - the candidate lookup alone in Node (every prefix of common purposes), and the system time of
 *    "confirm purpose → certificate printed" (check, issue and sign, verify, render, IPP print).
 */
import { performance } from 'node:perf_hooks';
import dictionary from '../../renderer/components/flow/pinyin/dictionary.json';
import { createPinyinEngine } from '../../renderer/components/flow/pinyin/engine';
import { RESIDENT } from '../../services/backend-sim/fixtures';
import { tap } from '../e2e/harness';
import { coldLine, figureLine, fmt, percentile, runBench, startBenchKiosk, tapSummary, testid } from './flow-bench';

const RUNS: readonly [string, string, string][] = [
  [RESIDENT.standard, 'jiuye', '就业'],
  [RESIDENT.rareCharacter, 'liuxue', '留学'],
  [RESIDENT.elderly, 'qianzheng', '签证'],
  [RESIDENT.sealedJuvenile, 'shouyang', '收养'],
  [RESIDENT.suspendedLicence, 'gongzuo', '工作'],
  [RESIDENT.nearTwelvePoints, 'chuguo', '出国'],
  [RESIDENT.commercialDriver, 'ruxue', '入学'],
  [RESIDENT.applicationInProgress, 'yimin', '移民'],
];

function engineFigures(): string {
  const engine = createPinyinEngine(dictionary);
  const words = [
    'jiuye',
    'liuxue',
    'qianzheng',
    'shouyang',
    'chuguoliuxue',
    'zhongguorenmin',
    'gongzuodanwei',
    'jy',
    "xi'an",
    'zhuangzhuang',
    'shenqingjuzhuzheng',
  ];
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const word of words) {
      for (let i = 1; i <= word.length; i++) {
        const start = performance.now();
        engine.candidates(word.slice(0, i), 60);
        times.push(performance.now() - start);
      }
    }
  }
  return `  candidate lookup alone (Node, ${times.length} key presses)          p50 ${fmt(percentile(times, 50))}   p95 ${fmt(percentile(times, 95))}   max ${fmt(Math.max(...times))}`;
}

runBench(async () => {
  const kiosk = await startBenchKiosk({ kioskId: 'BENCH-02', services: { noCriminalRecord: { enabled: true } } });
  const { page } = kiosk;

  const timed = (name: string, target: string, selector: string, text?: string) =>
    kiosk.tapped(name, target, selector, text);

  const systemTimes: number[] = [];
  let coldSystem = 0;
  for (const [run, [idNumber, letters, word]] of [[RESIDENT.nonLocal, 'jiuye', '就业'] as const, ...RUNS].entries()) {
    kiosk.warmingUp = run === 0;
    await timed('tile → notice (flow started)', 'tile-noCriminalRecord', testid('ncr-notice'));
    await timed('accept → identity', 'notice-accept', testid('ncr-identity'));
    for (const character of idNumber) await tap(page.getByTestId(`key-${character}`)); // the person's time
    await timed('confirm number → next screen (lookup or face)', 'id-confirm', testid('ncr-lookup', 'ncr-face'));
    await page.getByTestId('ncr-face').waitFor();
    const capture = page.getByTestId('camera-capture');
    while (!(await capture.isEnabled())) await page.waitForTimeout(20); // the camera warming up
    await timed(
      'capture → next screen (comparing or purpose)',
      'camera-capture',
      testid('ncr-faceCheck', 'ncr-purpose'),
    );
    await page.getByTestId('ncr-purpose').waitFor();
    await timed('"something else" → pinyin keyboard', 'purpose-other', testid('pinyin-keyboard'));
    await page.getByTestId('pinyin-key-a').and(page.locator(':enabled')).waitFor(); // the dictionary loaded (first run only)
    for (let i = 1; i <= letters.length; i++) {
      const letter = letters[i - 1]!;
      await timed(
        'pinyin key → candidates shown',
        `pinyin-key-${letter}`,
        testid('pinyin-composing'),
        letters.slice(0, i),
      );
      await page.getByTestId('pinyin-candidate-0').waitFor();
    }
    if ((await page.getByTestId('pinyin-candidate-0').textContent())?.trim() !== word)
      throw new Error(`${letters}: expected ${word} first`);
    await timed('candidate → text', 'pinyin-candidate-0', testid('pinyin-text'), word);
    const confirmedAt = performance.now();
    await timed(
      'confirm purpose → next screen (checking)',
      'purpose-confirm',
      testid('ncr-checking', 'ncr-printing', 'ncr-done'),
    );
    await page.getByTestId('ncr-done').waitFor({ timeout: 60_000 });
    if (!kiosk.warmingUp) systemTimes.push(performance.now() - confirmedAt);
    else coldSystem = performance.now() - confirmedAt;
    await kiosk.finishRun();
  }

  const keyNames = ['pinyin key → candidates shown'];
  const tapNames = Object.keys(kiosk.taps).filter((name) => !keyNames.includes(name));
  const allTaps = tapNames.flatMap((name) => kiosk.taps[name]!);
  const keys = kiosk.taps['pinyin key → candidates shown']!;
  console.log(
    `No-criminal-record certificate — headless Chromium, web mode, unpaced simulators, ${RUNS.length} runs after one cold run`,
  );
  for (const [name, values] of Object.entries(kiosk.taps)) console.log(figureLine(name, values));
  console.log(tapSummary(allTaps));
  console.log(tapSummary(keys, 'pinyin key → candidates, key presses'));
  console.log(figureLine('confirm purpose → certificate printed (Node-timed)', systemTimes));
  console.log(engineFigures());
  console.log(coldLine(kiosk.cold, `; confirm → printed ${fmt(coldSystem)}`));
  await kiosk.close();
});
