import { afterEach, describe, expect, it } from 'vitest';
import { RESIDENT } from '../backend-sim/fixtures';
import { journalRows } from '../no-criminal-record/test-rig';
import { createInfoRig, fakeJpegBase64, unreachable, type InfoRig } from '../progress/test-rig';
import { EscPosInterpreter } from '../../devices/receipt-printer/interpreter';
import { createTipOffLauncher, type TipOffSettingsInput } from './launcher';
import { groupedTrackingNo } from './slip';
import { SAVED_SLIP, textProblem } from './work';
import { reprintKind } from '../documents/reprints';

const TEXT = '小区门口有人冒充客服诈骗老人转账';
const PLACE = '东华门大街';
const settings: TipOffSettingsInput = {
  enabled: true,
  kioskId: 'K001',
  categories: ['fraud', 'drugs', 'gambling', 'publicOrder', 'other'],
  textMinLength: 5,
  textMaxLength: 40,
  placeMaxLength: 10,
  rateLimit: { perHour: 3, perDay: 10 },
  maxFaceAttempts: 3,
};
let rig: InfoRig;
const open = async (options: Parameters<typeof createInfoRig>[1] = {}, overrides: Partial<TipOffSettingsInput> = {}) => {
  rig = await createInfoRig((base) => createTipOffLauncher(base, { ...settings, ...overrides }), options);
  return rig;
};
afterEach(async () => rig?.close());

/** notice → category → place → text → anonymity, as a resident types it. */
async function report(place: string | null = PLACE, text = TEXT): Promise<void> {
  rig.start();
  await rig.inState('notice', 'waiting');
  rig.send('accept');
  await rig.inState('category', 'waiting');
  rig.send('categoryChosen', { category: 'fraud' });
  await rig.inState('place', 'waiting');
  if (place === null) rig.send('placeSkipped');
  else rig.send('placeGiven', { place });
  await rig.inState('text', 'waiting');
  rig.send('textGiven', { text });
  await rig.inState('anonymity', 'waiting');
}

/** Decodes the printed slip's ESC/POS bytes back into its text lines. */
function slipText(bytes: Uint8Array): string {
  return JSON.stringify(new EscPosInterpreter().push(bytes));
}

describe('tip-off', () => {
  it('anonymous by default: sent with the words to the backend only, a tracking number on the slip, the journal keeps the number', async () => {
    await open();
    await report();
    rig.send('anonymous');
    const confirm = await rig.inState('confirm', 'waiting');
    expect(confirm.view).toEqual({ category: 'fraud', place: PLACE, text: TEXT, anonymous: true });
    rig.send('submit');
    const ended = await rig.ended();
    expect(ended).toMatchObject({ status: 'done', state: 'done' });
    const { trackingNo, slipPrinted, anonymous } = ended.progress.view as { trackingNo: string; slipPrinted: boolean; anonymous: boolean };
    expect(trackingNo).toMatch(/^JB20250616\d{10}$/);
    expect([slipPrinted, anonymous]).toEqual([true, true]);
    expect(rig.embedded.sim.controls.storedTipOff(trackingNo)).toEqual({ category: 'fraud', place: PLACE, text: TEXT, reporterIdNumber: null });

    const printed = rig.printer.documents().map((document) => document.bytes);
    expect(printed).toHaveLength(1);
    const slip = slipText(printed[0]!);
    expect(slip).toContain(groupedTrackingNo(trackingNo));
    expect(slip).not.toContain(TEXT.slice(0, 4));

    // The journal: one done transaction of service tipOff, the slip's tracking number, nothing of the report.
    const rows = journalRows(rig.journal);
    expect(rows.transactions).toEqual([expect.objectContaining({ service: 'tipOff', status: 'done', masked_id: null })]);
    expect(rig.journal.receipts(String(rows.transactions[0]!.id))).toEqual([expect.objectContaining({ kind: SAVED_SLIP, payload: expect.objectContaining({ trackingNo }) })]);
    for (const secret of [TEXT, PLACE, '诈骗', 'fraud']) expect(rows.all).not.toContain(secret);
    for (const secret of [TEXT, PLACE]) expect(rig.logger.lines.join('\n')).not.toContain(secret);

    // Staff can reprint the saved slip, marked 补打.
    const saved = rig.journal.receipts(String(rows.transactions[0]!.id))[0]!;
    const reprint = reprintKind(SAVED_SLIP)!.build(saved.payload, { at: rig.now().toISOString(), no: 1 });
    expect(reprint.ok && slipText(reprint.bytes)).toContain('【补打】');
    expect(reprint.ok && slipText(reprint.bytes)).toContain(groupedTrackingNo(trackingNo));
  });

  it('with identity: the card on the reader, the masked number read back; the backend knows the reporter, the journal does not', async () => {
    await open();
    await report(null);
    rig.send('named');
    await rig.inState('identity');
    rig.reader.placeCard('normalResident');
    const confirm = await rig.inState('confirm', 'waiting');
    expect(confirm.view).toEqual({ category: 'fraud', text: TEXT, anonymous: false, maskedIdNumber: `${RESIDENT.standard.slice(0, 6)}********${RESIDENT.standard.slice(-4)}` });
    rig.send('submit');
    const ended = await rig.ended();
    const { trackingNo } = ended.progress.view as { trackingNo: string };
    expect(rig.embedded.sim.controls.storedTipOff(trackingNo)?.reporterIdNumber).toBe(RESIDENT.standard);
    const rows = journalRows(rig.journal);
    expect(rows.all).not.toContain(RESIDENT.standard.slice(-4) + '"');
    expect(rows.transactions[0]).toMatchObject({ masked_id: null });
    // The reporter finds it in their own progress.
    const progress = await rig.gateway.getApplicationProgress({ idNumber: RESIDENT.standard, applicationNo: trackingNo });
    expect(progress.ok && progress.value.applications[0]?.kind).toBe('tipOff');
  });

  it('a typed number needs the registry and the face', async () => {
    await open();
    await report();
    rig.send('named');
    await rig.inState('identity');
    rig.send('idNumberEntered', { idNumber: RESIDENT.elderly });
    await rig.inState('face', 'waiting');
    rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('x') });
    expect((await rig.inState('confirm', 'waiting')).view).toMatchObject({ anonymous: false });
  });

  it('refuses an empty, a too short and a too long text, and a too long place, with the problem in the view', async () => {
    await open();
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('category', 'waiting');
    rig.send('categoryChosen', { category: 'drugs' });
    await rig.inState('place', 'waiting');
    rig.send('placeGiven', { place: '一二三四五六七八九十一' });
    expect((await rig.until((p) => p.view?.problem === 'tooLong')).state).toBe('place');
    rig.send('placeGiven', { place: '公园' });
    await rig.inState('text', 'waiting');
    for (const [text, problem] of [['   ', 'empty'], ['有人', 'tooShort'], ['字'.repeat(41), 'tooLong']] as const) {
      rig.send('textGiven', { text });
      await rig.until((p) => p.view?.problem === problem, 2000, problem);
    }
    rig.send('back');
    expect((await rig.inState('place', 'waiting')).view).toMatchObject({ draft: '公园' });
  });

  it('the rate limit: after the configured number in an hour, the next resident is told at once (journal-counted)', async () => {
    await open({}, { rateLimit: { perHour: 2, perDay: 10 } });
    for (let i = 0; i < 2; i++) {
      await report();
      rig.send('anonymous');
      await rig.inState('confirm', 'waiting');
      rig.send('submit');
      expect(await rig.ended()).toMatchObject({ status: 'done' });
    }
    rig.start();
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'rateLimited' } });
  });

  it('backend down: not sent, the resident told; out of paper: sent, the number stays on the screen', async () => {
    await open({ gateway: (embedded) => unreachable(embedded, 'submitTipOff') });
    await report();
    rig.send('anonymous');
    await rig.inState('confirm', 'waiting');
    rig.send('submit');
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'backendUnavailable' } });
    expect(journalRows(rig.journal).transactions).toEqual([expect.objectContaining({ service: 'tipOff', status: 'failed' })]);
    await rig.close();

    await open();
    rig.printer.setPaper('out');
    await report();
    rig.send('anonymous');
    await rig.inState('confirm', 'waiting');
    rig.send('submit');
    const ended = await rig.ended();
    expect(ended).toMatchObject({ status: 'done', progress: { view: { slipPrinted: false, trackingNo: expect.stringMatching(/^JB/) } } });
  });

  it('cancelled before sending: nothing sent, nothing journalled', async () => {
    await open();
    await report();
    rig.flow.send({ type: 'cancel' });
    expect(await rig.ended()).toMatchObject({ status: 'cancelled' });
    expect(journalRows(rig.journal).transactions).toEqual([]);
  });
});

describe('textProblem', () => {
  it('counts characters as the resident sees them, trimmed', () => {
    const limits = { textMinLength: 2, textMaxLength: 3 };
    expect(textProblem(' 𠀀𠀁 ', limits)).toBeUndefined();
    expect(textProblem('𠀀', limits)).toBe('tooShort');
    expect(textProblem('一二三四', limits)).toBe('tooLong');
    expect(textProblem('', limits)).toBe('empty');
  });
});
