import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../render/png';
import { JobState } from './ipp/constants';
import type { PdfRenderer } from './render/render-pool';
import { sharedRenderer, startRig, testPdf, type Rig } from './test-support';

let renderer: PdfRenderer;
let rig: Rig | undefined;
let onePage: Buffer;
let threePages: Buffer;

beforeAll(async () => {
  renderer = sharedRenderer();
  onePage = await testPdf(1);
  threePages = await testPdf(3);
});
afterAll(() => renderer.close());
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('DocumentPrinter against the IPP simulator', () => {
  it('reports an idle printer online with full paper and toner', async () => {
    rig = await startRig(renderer);
    expect(rig.driver.status()).toMatchObject({ kind: 'documentPrinter', device: 'online', paper: 'full', toner: 'full', cover: 'closed', media: 'ok' });
  });

  it('prints a PDF: the printer renders every page and uses one sheet per page', async () => {
    rig = await startRig(renderer);
    const result = await rig.driver.print(threePages, { jobId: 'TX-1/doc' });
    expect(result).toMatchObject({ ok: true, value: { jobId: 'TX-1/doc', foundExisting: false, pagesPrinted: 3 } });
    const [job] = rig.simulator.engine.allJobs();
    expect(job).toMatchObject({ name: 'kiosk:TX-1/doc', state: JobState.completed, impressionsCompleted: 3 });
    expect(rig.simulator.engine.paperSheets).toBe(247);
    const page = decodePng(rig.simulator.engine.printedPages()[0]!);
    expect(page.width).toBe(Math.round((595.28 * 36) / 72));
  });

  it('refuses before sending when the printer is out of paper (nothing queued)', async () => {
    rig = await startRig(renderer);
    rig.simulator.engine.setPaper(0);
    const result = await rig.driver.print(onePage, { jobId: 'TX-2/doc' });
    expect(result).toMatchObject({ ok: false, error: { code: 'userError', error: 'paperOut' } });
    expect(rig.simulator.engine.allJobs()).toHaveLength(0);
    expect(rig.driver.status()).toMatchObject({ device: 'userError', paper: 'out' });
    expect(rig.driver.status().reasons).toContain('media-empty-error');
    expect(rig.driver.status().detail).toMatch(/load A4 paper/);
  });

  it('fails with paperOut when the paper runs out during a job, cancels the job and says how many pages printed', async () => {
    rig = await startRig(renderer);
    rig.simulator.engine.setPaper(1);
    const events: unknown[] = [];
    rig.driver.on('event', (e) => events.push(e));
    const result = await rig.driver.print(threePages, { jobId: 'TX-3/doc' });
    expect(result).toMatchObject({ ok: false, error: { code: 'userError', error: 'paperOut' } });
    if (!result.ok) expect(result.error.message).toMatch(/1 page\(s\) had printed/);
    expect(rig.simulator.engine.allJobs()[0]?.state).toBe(JobState.canceled);
    expect(events).toContainEqual(expect.objectContaining({ name: 'jobInterrupted', data: expect.objectContaining({ cause: 'paperOut', pagesPrinted: 1 }) }));
    // refilling does not bring the cancelled job back
    rig.simulator.engine.setPaper(100);
    await new Promise((r) => setTimeout(r, 150));
    expect(rig.simulator.engine.paperSheets).toBe(100);
  });

  it('fails with paperJammed on a jam mid-job', async () => {
    rig = await startRig(renderer);
    rig.simulator.engine.jamAfterPages = 2;
    const result = await rig.driver.print(threePages, { jobId: 'TX-4/doc' });
    expect(result).toMatchObject({ ok: false, error: { code: 'userError', error: 'paperJammed' } });
    expect(rig.driver.status()).toMatchObject({ media: 'jammed', device: 'userError' });
    expect(rig.simulator.engine.allJobs()[0]?.impressionsCompleted).toBe(2);
  });

  it('refuses with coverOpen when the door is open', async () => {
    rig = await startRig(renderer);
    rig.simulator.engine.setDoor(true);
    expect(await rig.driver.print(onePage, { jobId: 'TX-5/doc' })).toMatchObject({ ok: false, error: { code: 'userError', error: 'coverOpen' } });
    expect(rig.driver.status()).toMatchObject({ cover: 'open' });
  });

  it('prints with toner low and reports it as a warning only', async () => {
    rig = await startRig(renderer);
    rig.simulator.engine.setToner(5);
    expect(await rig.driver.print(onePage, { jobId: 'TX-6/doc' })).toMatchObject({ ok: true });
    expect(rig.driver.status()).toMatchObject({ device: 'online', toner: 'low' });
    expect(rig.driver.status().reasons).toContain('toner-low-report');
  });

  it('refuses with offline when the printer reports offline, and with unreachable when it is powered off', async () => {
    rig = await startRig(renderer);
    rig.simulator.engine.setOffline(true);
    expect(await rig.driver.print(onePage, { jobId: 'TX-7/doc' })).toMatchObject({ ok: false, error: { code: 'deviceNotReady', error: 'offline' } });
    rig.simulator.engine.setOffline(false);
    rig.simulator.setPower(false);
    expect(await rig.driver.print(onePage, { jobId: 'TX-7/doc' })).toMatchObject({ ok: false, error: { code: 'deviceNotReady', error: 'unreachable' } });
    expect(rig.driver.status()).toMatchObject({ device: 'offline', paper: 'unknown' });
    rig.simulator.setPower(true);
    expect(await rig.driver.refreshStatus()).toMatchObject({ ok: true, value: { device: 'online' } });
  });

  it('reports an IPP endpoint nobody listens on as unreachable', async () => {
    rig = await startRig(renderer);
    const lonely = rig.newDriver({ uri: 'ipp://127.0.0.1:9/ipp/print' });
    expect(await lonely.print(onePage, { jobId: 'TX-8/doc' })).toMatchObject({ ok: false, error: { code: 'deviceNotReady', error: 'unreachable' } });
  });

  it('reports a job the printer aborts', async () => {
    rig = await startRig(renderer);
    rig.simulator.engine.abortNextJob = true;
    const result = await rig.driver.print(onePage, { jobId: 'TX-9/doc' });
    expect(result).toMatchObject({ ok: false, error: { code: 'hardwareError', error: 'jobAborted' } });
    if (!result.ok) expect(result.error.message).toMatch(/aborted-by-system/);
  });

  it('treats a reply that is not IPP as notIpp (an HTML page, or undecodable bytes)', async () => {
    rig = await startRig(renderer);
    rig.simulator.sendBadReplies('html');
    const html = await rig.driver.print(onePage, { jobId: 'TX-10/doc' });
    expect(html).toMatchObject({ ok: false, error: { code: 'hardwareError', error: 'notIpp' } });
    if (!html.ok) expect(html.error.message).toMatch(/text\/html, not application\/ipp/);
    rig.simulator.sendBadReplies('garbage');
    expect(await rig.driver.print(onePage, { jobId: 'TX-10/doc' })).toMatchObject({ ok: false, error: { error: 'notIpp' } });
    expect(rig.simulator.engine.allJobs()).toHaveLength(0);
    expect(await rig.driver.print(onePage, { jobId: 'TX-10/doc' })).toMatchObject({ ok: true });
  });

  it('refuses a document that is not a PDF with the printer status', async () => {
    rig = await startRig(renderer);
    expect(await rig.driver.print(Buffer.from('hello'), { jobId: 'TX-11/doc' })).toMatchObject({ ok: false, error: { code: 'invalidData', error: 'rejected' } });
  });

  it('cancels the job at the printer when the caller cancels', async () => {
    rig = await startRig(renderer, { pageMs: 200 });
    const controller = new AbortController();
    const pending = rig.driver.print(threePages, { jobId: 'TX-12/doc', signal: controller.signal });
    await new Promise((r) => setTimeout(r, 150));
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'canceled', error: 'canceled' } });
    expect(rig.simulator.engine.allJobs()[0]?.state).toBe(JobState.canceled);
  });
});

describe('DocumentPrinter never prints a job id twice', () => {
  it('a second print of a completed job id finds the job and prints nothing', async () => {
    rig = await startRig(renderer);
    await rig.driver.print(onePage, { jobId: 'TX-20/doc' });
    const again = await rig.newDriver().print(onePage, { jobId: 'TX-20/doc' });
    expect(again).toMatchObject({ ok: true, value: { foundExisting: true, foundState: 'completed' } });
    expect(rig.simulator.engine.allJobs()).toHaveLength(1);
    expect(rig.simulator.engine.printedPages()).toHaveLength(1);
  });

  it('a restarted driver waits for the job still queued from before the restart (one copy)', async () => {
    rig = await startRig(renderer);
    rig.simulator.engine.holdQueue = true;
    const before = rig.driver.print(onePage, { jobId: 'TX-21/doc', timeoutMs: 300 });
    // the kiosk "crashes": the first driver gives up (its job stays queued at the printer)
    expect(await before).toMatchObject({ ok: false, error: { code: 'timeOut' } });
    // the timeout cancelled that attempt: a job the kiosk cancelled may be printed again
    expect(rig.simulator.engine.allJobs()[0]?.state).toBe(JobState.canceled);

    rig.simulator.engine.holdQueue = true;
    const second = rig.newDriver();
    await second.start();
    const crashed = second.print(onePage, { jobId: 'TX-22/doc' });
    await new Promise((r) => setTimeout(r, 100));
    await second.stop(); // killed while the job waits in the queue
    expect(await crashed).toMatchObject({ ok: false, error: { code: 'canceled' } });
    const queued = rig.simulator.engine.allJobs().find((j) => j.name === 'kiosk:TX-22/doc');
    expect(queued?.state).toBe(JobState.pending);

    const restarted = rig.newDriver();
    await restarted.start();
    const resumed = restarted.print(onePage, { jobId: 'TX-22/doc' });
    setTimeout(() => rig?.simulator.engine.releaseQueue(), 100);
    expect(await resumed).toMatchObject({ ok: true, value: { foundExisting: true, foundState: 'pending', ippJobId: queued?.id } });
    expect(rig.simulator.engine.allJobs().filter((j) => j.name === 'kiosk:TX-22/doc')).toHaveLength(1);
  });
});
