/**
 * Tickets and money through the core: a refund that failed leaves money held (red on the board)
 * until an officer refunds it; the ticket then goes around the loop once, and a second resolve is
 * refused as a value. Paid with the real payment service against the embedded provider.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaffRig, type StaffRig } from './test-rig';

describe('tickets and money through the staff API', () => {
  let rig: StaffRig;
  beforeEach(async () => {
    rig = await createStaffRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  /** A paid transaction whose card failed and whose automatic refund failed: handed to staff with a ticket. */
  async function refundFailed(): Promise<{ transactionId: string; ticketNumber: string }> {
    const { journal, payments, embeddedBackend } = rig.runtime.services;
    const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000 });
    if (!tx.ok) throw new Error('begin');
    const attempt = await payments.startPayment({
      transactionId: tx.value.id,
      amountFen: 1000,
      purpose: 'tempIdCardFee',
      channel: 'wechat',
    });
    if (!attempt.ok) throw new Error(attempt.error.message);
    embeddedBackend!.sim.controls.simulateResidentPays(attempt.value.order.orderId);
    expect((await attempt.value.check()).kind).toBe('paid');
    journal.recordStep(tx.value.id, {
      kind: 'handedToStaff',
      idempotencyKey: 'refund',
      data: { reason: 'card printer: feederEmpty' },
    });
    journal.finish(tx.value.id, 'handedToStaff', 'card printer: feederEmpty; refund failed');
    const ticket = journal.openTicket(tx.value.id, 'card printer: feederEmpty; refund failed, money still taken');
    if (!ticket.ok) throw new Error('ticket');
    return { transactionId: tx.value.id, ticketNumber: ticket.value.number };
  }

  it('money held after a failed refund is red until an officer refunds it; the ticket closes the loop once', async () => {
    const { transactionId, ticketNumber } = await refundFailed();
    await rig.signIn('officer');
    const board = await rig.ok('staff.board', {});
    expect(board.items.find((i) => i.key === 'money')).toMatchObject({
      colour: 'red',
      reasons: [{ code: 'moneyUnresolved', params: { transactionId, amountFen: 1000, why: 'refundFailed' } }],
    });
    const [ticket] = (await rig.ok('staff.tickets', { includeClosed: false })).tickets;
    expect(ticket).toMatchObject({
      number: ticketNumber,
      kind: 'refundNeedsStaff',
      told: 'refundByStaff',
      heldFen: 1000,
      state: 'open',
    });

    expect(await rig.ok('staff.refund', { transactionId })).toEqual({ ok: true, refundedFen: 1000 });
    expect(await rig.ok('staff.refund', { transactionId })).toMatchObject({ ok: false, reason: 'nothingToRefund' });
    expect(
      rig.runtime.services.embeddedBackend!.sim.controls.providerLedger().filter((e) => e.kind === 'refund'),
    ).toHaveLength(1);
    expect((await rig.ok('staff.board', {})).items.find((i) => i.key === 'money')?.colour).toBe('green');

    const id = ticket!.id;
    expect(await rig.ok('staff.ticket.close', { ticketId: id })).toMatchObject({ ok: false, reason: 'notResolved' });
    expect(await rig.ok('staff.ticket.acknowledge', { ticketId: id })).toMatchObject({
      ok: true,
      ticket: { state: 'acknowledged', acknowledged: { by: '值班民警（演示） (DEV-OFFICER)' } },
    });
    expect(
      await rig.ok('staff.ticket.resolve', { ticketId: id, action: 'refundMade', note: '已通过支付渠道退款' }),
    ).toMatchObject({ ok: true, ticket: { state: 'resolved' } });
    expect(await rig.ok('staff.ticket.resolve', { ticketId: id, action: 'other', note: 'again' })).toMatchObject({
      ok: false,
      reason: 'alreadyResolved',
    });
    expect(await rig.call('staff.ticket.resolve', { ticketId: id, action: 'other', note: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'badParams' },
    });
    expect(await rig.ok('staff.ticket.close', { ticketId: id })).toMatchObject({
      ok: true,
      ticket: { state: 'closed' },
    });
    expect((await rig.ok('staff.tickets', { includeClosed: false })).tickets).toEqual([]);

    const audit = rig.journal.database
      .prepare(
        `SELECT action, target, outcome FROM staff_audit WHERE staff_id = 'DEV-OFFICER' AND action <> 'signIn' ORDER BY id`,
      )
      .all();
    expect(audit).toEqual([
      { action: 'refund', target: transactionId, outcome: 'ok' },
      { action: 'refund', target: transactionId, outcome: 'nothingToRefund' },
      { action: 'ticket.close', target: ticketNumber, outcome: 'notResolved' },
      { action: 'ticket.acknowledge', target: ticketNumber, outcome: 'ok' },
      { action: 'ticket.resolve', target: ticketNumber, outcome: 'ok' },
      { action: 'ticket.resolve', target: ticketNumber, outcome: 'alreadyResolved' },
      { action: 'ticket.close', target: ticketNumber, outcome: 'ok' },
    ]);
  });

  it('a note with a clear ID number is stored masked', async () => {
    const { transactionId } = await refundFailed();
    await rig.signIn('officer');
    const [ticket] = (await rig.ok('staff.tickets', { includeClosed: false })).tickets;
    const resolved = await rig.ok('staff.ticket.resolve', {
      ticketId: ticket!.id,
      action: 'other',
      note: '核对身份 11010519491231002X 后处理',
    });
    expect(resolved.ok && resolved.ticket.resolved?.note).toBe('核对身份 110105********002X 后处理');
    expect(JSON.stringify(rig.journal.database.prepare('SELECT * FROM staff_tickets').all())).not.toContain(
      '11010519491231002X',
    );
    expect(transactionId).toMatch(/^TSTAFF-01-/);
  });

  it('an overdue ticket shows orange on the board (deadline from the configuration)', async () => {
    await rig.close();
    rig = await createStaffRig({
      staff: { ...(await import('./dev-staff')).DEV_STAFF, tickets: { orangeAfterMinutes: 1, redAfterMinutes: 2 } },
    });
    const tx = rig.journal.begin({ service: 'tempIdCard', amountFen: 1000 });
    if (!tx.ok) throw new Error('begin');
    const ticket = rig.journal.openTicket(
      tx.value.id,
      'receipt not printed (paperOut); card issued; reprint the saved receipt',
    );
    if (!ticket.ok) throw new Error('ticket');
    rig.journal.database
      .prepare(`UPDATE staff_tickets SET created_at = ? WHERE id = ?`)
      .run(new Date(Date.now() - 90_000).toISOString(), ticket.value.id);
    await rig.signIn('officer');
    expect(
      (await rig.ok('staff.board', {})).items.find((i) => i.key === `ticket:${ticket.value.number}`),
    ).toMatchObject({ colour: 'orange', reasons: [{ code: 'ticketOverdue' }] });
    rig.journal.database
      .prepare(`UPDATE staff_tickets SET created_at = ? WHERE id = ?`)
      .run(new Date(Date.now() - 150_000).toISOString(), ticket.value.id);
    expect(
      (await rig.ok('staff.board', {})).items.find((i) => i.key === `ticket:${ticket.value.number}`),
    ).toMatchObject({ colour: 'red', reasons: [{ code: 'ticketLongOverdue' }] });
  });
});
