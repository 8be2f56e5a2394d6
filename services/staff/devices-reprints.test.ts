/**
 * The technician's device tools and the officer's reprints through the core, on the simulated
 * printers: counters from what was printed, refills, test prints, re-opening a device, reprints
 * marked 补打 and journaled, and the refusals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintedReceipt } from '../../devices/receipt-printer/simulator';
import { paperMillimetres } from '../../devices/receipt-printer/paper-length';
import { tempIdReceipt } from '../temp-id/receipt';
import { receiptTestPage } from './test-prints';
import { createStaffRig, type StaffRig } from './test-rig';

const text = (r: PrintedReceipt | undefined) =>
  (r?.lines ?? []).map((l) => (l.kind === 'text' ? l.runs.map((run) => run.text).join('') : '')).join('\n');

describe('devices and consumables (technician)', () => {
  let rig: StaffRig;
  beforeEach(async () => {
    rig = await createStaffRig();
    await rig.signIn('technician');
  });
  afterEach(async () => {
    await rig.close();
  });
  const sim = <K extends 'receiptPrinter' | 'cardPrinter'>(id: K) => rig.runtime.services.devices.get(id)!.simulated!;
  const device = async (id: string) => (await rig.ok('staff.devices', {})).devices.find((d) => d.id === id)!;

  it('lists every device with state, facts and counters', async () => {
    const { devices } = await rig.ok('staff.devices', {});
    expect(devices.map((d) => d.id)).toEqual([
      'idReader',
      'scanner',
      'receiptPrinter',
      'cardPrinter',
      'permitReader',
      'ocrReader',
      'documentPrinter',
    ]);
    const receipt = devices.find((d) => d.id === 'receiptPrinter')!;
    expect(receipt).toMatchObject({
      kind: 'receiptPrinter',
      state: 'online',
      healthy: true,
      colour: 'green',
      canTestPrint: true,
      facts: { paper: 'full', cover: 'closed', cutter: 'ok' },
    });
    expect(receipt.supplies).toEqual([
      {
        supply: 'receiptPaper',
        unit: 'mm',
        capacity: 80_000,
        used: 0,
        remaining: 80_000,
        low: false,
        source: 'estimate',
      },
    ]);
    const card = devices.find((d) => d.id === 'cardPrinter')!;
    expect(card.supplies.map((s) => [s.supply, s.source])).toEqual([
      ['cards', 'estimate'],
      ['ribbon', 'printer'],
    ]);
    expect(devices.find((d) => d.id === 'scanner')).toMatchObject({ canTestPrint: false, supplies: [] });
  });

  it('a receipt test page prints with the kiosk id and counts its paper; refilling starts the count again', async () => {
    expect(await rig.ok('staff.device.testPrint', { deviceId: 'receiptPrinter' })).toMatchObject({ ok: true });
    const s = sim('receiptPrinter');
    if (s.kind !== 'receiptPrinter') throw new Error('sim');
    const printed = text(s.simulator.receipts().at(-1));
    expect(printed).toContain('打印测试页');
    expect(printed).toContain('STAFF-01');
    const counted = (await device('receiptPrinter')).supplies[0]!;
    expect(counted.used).toBeGreaterThan(50);
    // Exactly the estimate of the page printed (its length does not depend on the time printed on it).
    expect(counted.used).toBe(
      paperMillimetres(
        receiptTestPage({
          kioskId: 'STAFF-01',
          postName: '东华门24小时智慧警务室',
          deviceId: 'receiptPrinter',
          at: new Date(),
          timeZone: 'Asia/Shanghai',
        }),
      ),
    );
    const refilled = await rig.ok('staff.device.refill', { deviceId: 'receiptPrinter', supply: 'receiptPaper' });
    expect(refilled).toMatchObject({
      ok: true,
      supply: { used: 0, remaining: 80_000, refilledBy: '技术员（演示） (DEV-TECH)' },
    });
    // Persisted: a restart keeps the counter and who refilled.
    await rig.restart();
    await rig.signIn('technician');
    expect((await device('receiptPrinter')).supplies[0]).toMatchObject({
      used: 0,
      refilledBy: '技术员（演示） (DEV-TECH)',
    });
  });

  it('a card test print uses one card and one ribbon panel (the printer reports its ribbon count)', async () => {
    const s = sim('cardPrinter');
    if (s.kind !== 'cardPrinter') throw new Error('sim');
    const ribbonBefore = s.simulator.supplies().ribbon;
    expect(await rig.ok('staff.device.testPrint', { deviceId: 'cardPrinter' })).toMatchObject({ ok: true });
    expect(s.simulator.cardsPrinted()).toHaveLength(1);
    const supplies = (await device('cardPrinter')).supplies;
    expect(supplies.find((x) => x.supply === 'cards')).toMatchObject({ used: 1, remaining: 99 });
    expect(supplies.find((x) => x.supply === 'ribbon')).toMatchObject({
      remaining: ribbonBefore - 1,
      source: 'printer',
    });
  });

  it('an A4 test page goes through the IPP printer and counts one sheet and one page of toner', async () => {
    await expect.poll(async () => (await device('documentPrinter')).state, { timeout: 10_000 }).toBe('online');
    expect(await rig.ok('staff.device.testPrint', { deviceId: 'documentPrinter' })).toMatchObject({ ok: true });
    const supplies = (await device('documentPrinter')).supplies;
    expect(supplies).toEqual([
      expect.objectContaining({ supply: 'a4Paper', unit: 'sheets', used: 1, remaining: 499 }),
      expect.objectContaining({ supply: 'toner', unit: 'pages', used: 1, remaining: 2999 }),
    ]);
  });

  it('counted consumables below their mark turn the device yellow on the board', async () => {
    await rig.close();
    rig = await createStaffRig({
      staff: { ...(await import('./dev-staff')).DEV_STAFF, consumables: { cards: 10, cardsLow: 9 } },
    });
    await rig.signIn('technician');
    await rig.ok('staff.device.testPrint', { deviceId: 'cardPrinter' });
    const board = await rig.ok('staff.board', {});
    expect(board.items.find((i) => i.key === 'device:cardPrinter')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'consumableLow', params: { supply: 'cards', remaining: 9 } }],
    });
    await rig.ok('staff.device.refill', { deviceId: 'cardPrinter', supply: 'cards' });
    expect((await rig.ok('staff.board', {})).items.find((i) => i.key === 'device:cardPrinter')?.colour).toBe('green');
  });

  it('a test print on a printer that cannot print says why; a scanner has no test print; unknown devices and supplies are refused', async () => {
    const s = sim('receiptPrinter');
    if (s.kind !== 'receiptPrinter') throw new Error('sim');
    s.simulator.setPaper('out');
    await expect
      .poll(() => rig.runtime.services.devices.receiptPrinter()?.status().paper, { timeout: 5_000 })
      .toBe('out');
    expect(await rig.ok('staff.device.testPrint', { deviceId: 'receiptPrinter' })).toMatchObject({
      ok: false,
      reason: 'printerNotReady',
    });
    expect(await rig.ok('staff.device.testPrint', { deviceId: 'scanner' })).toMatchObject({
      ok: false,
      reason: 'notAPrinter',
    });
    expect(await rig.ok('staff.device.testPrint', { deviceId: 'nothing' })).toMatchObject({
      ok: false,
      reason: 'noSuchDevice',
    });
    expect(await rig.ok('staff.device.refill', { deviceId: 'scanner', supply: 'receiptPaper' })).toMatchObject({
      ok: false,
      reason: 'noSuchSupply',
    });
    expect((await device('receiptPrinter')).lastError?.message).toMatch(/paper/);
  });

  it('re-opens a device: the driver closes and opens its port and is online again', async () => {
    const s = sim('receiptPrinter');
    const answer = await rig.ok('staff.device.reopen', { deviceId: 'receiptPrinter' });
    expect(answer.ok).toBe(true);
    await expect
      .poll(() => rig.runtime.services.devices.receiptPrinter()?.status().device, { timeout: 5_000 })
      .toBe('online');
    expect(s.plugged).toBe(true);
    expect(await rig.ok('staff.device.testPrint', { deviceId: 'receiptPrinter' })).toMatchObject({ ok: true });
    expect(await rig.ok('staff.device.reopen', { deviceId: 'nothing' })).toMatchObject({
      ok: false,
      reason: 'noSuchDevice',
    });
    const audit = rig.journal.database
      .prepare(`SELECT action, target, outcome FROM staff_audit WHERE staff_id = 'DEV-TECH' ORDER BY id`)
      .all();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'device.reopen', target: 'receiptPrinter', outcome: 'ok' },
        { action: 'device.reopen', target: 'nothing', outcome: 'noSuchDevice' },
      ]),
    );
  });
});

describe('reprints (officer)', () => {
  let rig: StaffRig;
  beforeEach(async () => {
    rig = await createStaffRig();
    await rig.signIn('officer');
  });
  afterEach(async () => {
    await rig.close();
  });
  const saved = () => {
    const tx = rig.journal.begin({ service: 'tempIdCard', amountFen: 1000 });
    if (!tx.ok) throw new Error('begin');
    const data = {
      transactionNo: tx.value.id,
      applicationNo: 'LS2026120100001',
      maskedIdNumber: '110105********002X',
      feeFen: 1000,
      at: new Date().toISOString(),
      postName: '东华门24小时智慧警务室',
      validUntil: '2027-02-28',
      timeZone: 'Asia/Shanghai',
    };
    rig.journal.saveReceipt(tx.value.id, 'tempIdReceipt', data);
    return { id: tx.value.id, data };
  };
  const printer = () => {
    const s = rig.runtime.services.devices.get('receiptPrinter')!.simulated!;
    if (s.kind !== 'receiptPrinter') throw new Error('sim');
    return s.simulator;
  };

  it('reprints a saved receipt marked 补打, numbered, and journals each reprint', async () => {
    const { id, data } = saved();
    expect((await rig.ok('staff.reprints', {})).items).toEqual([
      expect.objectContaining({ transactionId: id, kind: 'tempIdReceipt' }),
    ]);
    expect(await rig.ok('staff.reprint', { transactionId: id })).toEqual({
      ok: true,
      kind: 'tempIdReceipt',
      reprintNo: 1,
    });
    const first = text(printer().receipts().at(-1));
    expect(first).toContain('【补打】');
    expect(first).toContain('第1次');
    expect(first).toContain(id);
    expect(first).toContain('110105********002X');
    expect(await rig.ok('staff.reprint', { transactionId: id })).toMatchObject({ ok: true, reprintNo: 2 });
    expect(text(printer().receipts().at(-1))).toContain('第2次');
    const steps = rig.journal.find(id)!.steps.filter((s) => s.kind === 'receiptReprinted');
    expect(steps.map((s) => s.data)).toEqual([
      { document: 'tempIdReceipt', no: 1, by: 'DEV-OFFICER' },
      { document: 'tempIdReceipt', no: 2, by: 'DEV-OFFICER' },
    ]);
    // Its paper was counted like any receipt.
    expect(paperMillimetres(tempIdReceipt(data, { reprint: { at: data.at, no: 1 } }))).toBeGreaterThan(0);
  });

  it('refuses a transaction without a saved receipt, an unknown transaction, a damaged saved receipt and a printer out of paper', async () => {
    const bare = rig.journal.begin({ service: 'tempIdCard', amountFen: 1000 });
    if (!bare.ok) throw new Error('begin');
    expect(await rig.ok('staff.reprint', { transactionId: bare.value.id })).toMatchObject({
      ok: false,
      reason: 'noSavedReceipt',
    });
    expect(await rig.ok('staff.reprint', { transactionId: 'TSTAFF-01-20200101-00009' })).toMatchObject({
      ok: false,
      reason: 'noSuchTransaction',
    });
    expect(await rig.call('staff.reprint', { transactionId: 'not a number' })).toMatchObject({
      ok: false,
      error: { code: 'badParams' },
    });
    rig.journal.saveReceipt(bare.value.id, 'tempIdReceipt', {
      transactionNo: bare.value.id,
      maskedIdNumber: 'no mask',
    });
    expect(await rig.ok('staff.reprint', { transactionId: bare.value.id })).toMatchObject({
      ok: false,
      reason: 'printFailed',
    });
    const { id } = saved();
    printer().setPaper('out');
    await expect
      .poll(() => rig.runtime.services.devices.receiptPrinter()?.status().paper, { timeout: 5_000 })
      .toBe('out');
    expect(await rig.ok('staff.reprint', { transactionId: id })).toMatchObject({
      ok: false,
      reason: 'printerNotReady',
    });
    expect(rig.journal.find(id)!.steps.some((s) => s.kind === 'receiptReprinted')).toBe(false);
  });
});
