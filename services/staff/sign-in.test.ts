/**
 * Staff sign-in and access through the real core dispatcher, with the simulated ID reader: the
 * attacks of the issue each have a case here (wrong PIN, lock-out, a card not on the list, a
 * resident session open, staff calls without a session or with the wrong role).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureCard } from '../../devices/id-reader/fixtures';
import { DEV_STAFF_SECRETS } from './dev-staff';
import { createStaffRig, type StaffRig } from './test-rig';

const audit = (rig: StaffRig) =>
  rig.journal.database
    .prepare<[], { staff_id: string | null; action: string; outcome: string; target: string | null }>(
      `SELECT staff_id, action, outcome, target FROM staff_audit ORDER BY id`,
    )
    .all();

describe('staff sign-in', () => {
  let rig: StaffRig;
  beforeEach(async () => {
    rig = await createStaffRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  it('signs an officer in with their ID card and PIN; the session belongs to that screen', async () => {
    const session = await rig.signIn('officer');
    expect(session).toMatchObject({ staffId: 'DEV-OFFICER', role: 'officer', idleSeconds: 120 });
    expect((await rig.ok('staff.session', {})).session?.staffId).toBe('DEV-OFFICER');
    expect((await rig.ok('staff.session', {}, 'screen-2')).session).toBeNull();
    const board = await rig.call('staff.board', {}, 'screen-2');
    expect(board).toMatchObject({ ok: false, error: { code: 'staffSessionRequired' } });
    expect(
      audit(rig).some((row) => row.staff_id === 'DEV-OFFICER' && row.action === 'signIn' && row.outcome === 'ok'),
    ).toBe(true);
    // The clear ID number is nowhere in the journal's database.
    const dump = JSON.stringify(rig.journal.database.prepare('SELECT * FROM staff_audit').all());
    expect(dump).not.toContain(DEV_STAFF_SECRETS.officer.idNumber);
  });

  it('refuses staff calls without a staff session, and calls of the other role, with typed errors', async () => {
    for (const [method, params] of [
      ['staff.board', {}],
      ['staff.tickets', { includeClosed: false }],
      ['staff.devices', {}],
      ['staff.reprint', { transactionId: 'TSTAFF-01-20261201-00001' }],
      ['staff.touch', {}],
    ] as const) {
      const outcome = await rig.call(method, params as never);
      expect(outcome, method).toMatchObject({ ok: false, error: { code: 'staffSessionRequired' } });
    }
    await rig.signIn('technician');
    expect(await rig.call('staff.tickets', { includeClosed: false })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await rig.call('staff.refund', { transactionId: 'TSTAFF-01-20261201-00001' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await rig.call('staff.reconcile', { date: '2026-01-01' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await rig.call('staff.devices', {})).ok).toBe(true);
    await rig.ok('staff.signOut', {});
    await rig.signIn('officer');
    expect(await rig.call('staff.devices', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await rig.call('staff.device.refill', { deviceId: 'receiptPrinter', supply: 'receiptPaper' })).toMatchObject(
      { ok: false, error: { code: 'forbidden' } },
    );
    expect((await rig.call('staff.tickets', { includeClosed: false })).ok).toBe(true);
    const refused = audit(rig).filter((row) => row.outcome === 'forbidden' || row.outcome === 'staffSessionRequired');
    expect(refused.length).toBeGreaterThanOrEqual(8);
  });

  it('says so when the card is not on the staff list, and takes no PIN for it', async () => {
    const begun = await rig.ok('staff.signIn.begin', {});
    if (!begun.ok) throw new Error('begin refused');
    rig.reader().placeCard(fixtureCard('normalResident'));
    await rig.waitFor('staff.signIn.progress', (p) => p.stage === 'cardNotOnList');
    expect(
      await rig.ok('staff.signIn.pin', { attemptId: begun.attemptId, pin: DEV_STAFF_SECRETS.officer.pin }),
    ).toMatchObject({ ok: false, reason: 'cardNotOnList' });
    expect(audit(rig)).toContainEqual(
      expect.objectContaining({ staff_id: null, action: 'signIn.card', outcome: 'cardNotOnList' }),
    );
  });

  it('locks a staff member out after five wrong PINs, also against the right PIN, and keeps the lock-out across a restart of the console', async () => {
    const begun = await rig.ok('staff.signIn.begin', {});
    if (!begun.ok) throw new Error('begin refused');
    await rig.presentCard(begun.attemptId, DEV_STAFF_SECRETS.officer.idNumber);
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await rig.ok('staff.signIn.pin', { attemptId: begun.attemptId, pin: '999999' }));
    expect(answers.slice(0, 4).map((a) => (a.ok ? 'ok' : `${a.reason}:${a.attemptsLeft}`))).toEqual([
      'wrongPin:4',
      'wrongPin:3',
      'wrongPin:2',
      'wrongPin:1',
    ]);
    expect(answers[4]).toMatchObject({ ok: false, reason: 'lockedOut' });
    const until = (answers[4] as { lockedUntil: string }).lockedUntil;
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(Date.parse(until) - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    // A new attempt with the right PIN is still refused while locked out.
    const again = await rig.ok('staff.signIn.begin', {});
    if (!again.ok) throw new Error('begin refused');
    await rig.presentCard(again.attemptId, DEV_STAFF_SECRETS.officer.idNumber);
    expect(
      await rig.ok('staff.signIn.pin', { attemptId: again.attemptId, pin: DEV_STAFF_SECRETS.officer.pin }),
    ).toMatchObject({ ok: false, reason: 'lockedOut', lockedUntil: until });
    // The lock-out is kept in the journal's database: a restart does not hand out fresh attempts.
    await rig.restart();
    const afterRestart = await rig.ok('staff.signIn.begin', {});
    if (!afterRestart.ok) throw new Error('begin refused');
    await rig.presentCard(afterRestart.attemptId, DEV_STAFF_SECRETS.officer.idNumber);
    expect(
      await rig.ok('staff.signIn.pin', { attemptId: afterRestart.attemptId, pin: DEV_STAFF_SECRETS.officer.pin }),
    ).toMatchObject({ ok: false, reason: 'lockedOut', lockedUntil: until });
    // Another staff member is not affected.
    await rig.signIn('technician');
    expect(audit(rig).filter((row) => row.staff_id === 'DEV-OFFICER' && row.outcome === 'wrongPin')).toHaveLength(4);
  });

  it('refuses a staff sign-in while a resident session is open (on this screen or another)', async () => {
    const resident = await rig.ok('session.start', { locale: 'zh-CN' }, 'screen-2');
    for (const screen of ['screen-1', 'screen-2']) {
      expect(await rig.ok('staff.signIn.begin', {}, screen)).toMatchObject({
        ok: false,
        reason: 'residentSessionActive',
      });
    }
    await rig.ok('session.end', { sessionId: resident.sessionId, reason: 'home' }, 'screen-2');
    const begun = await rig.ok('staff.signIn.begin', {});
    if (!begun.ok) throw new Error('begin refused');
    // A resident arriving at another screen ends the pending sign-in: their card is never matched against the staff list.
    await rig.ok('session.start', { locale: 'zh-CN' }, 'screen-2');
    expect(await rig.ok('staff.signIn.pin', { attemptId: begun.attemptId, pin: DEV_STAFF_SECRETS.officer.pin })).toMatchObject({ ok: false, reason: 'residentSessionActive' });
    const cards = rig.events.filter((e) => e.name === 'staff.signIn.progress').length;
    rig.reader().placeCard(fixtureCard('normalResident'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rig.events.filter((e) => e.name === 'staff.signIn.progress')).toHaveLength(cards);
  });

  it('ends the staff session when a resident screen returns, and refuses a resident session from another screen meanwhile', async () => {
    const session = await rig.signIn('officer');
    expect(await rig.call('session.start', { locale: 'zh-CN' }, 'screen-2')).toMatchObject({
      ok: false,
      error: { code: 'rejected' },
    });
    expect((await rig.ok('staff.session', {})).session).not.toBeNull();
    await rig.ok('session.start', { locale: 'zh-CN' });
    expect((await rig.ok('staff.session', {})).session).toBeNull();
    expect(rig.events).toContainEqual({
      name: 'staff.session.ended',
      payload: { staffSessionId: session.staffSessionId, reason: 'residentScreen' },
      audience: 'screen-1',
    });
  });

  it('ends the staff session when its screen disconnects', async () => {
    const session = await rig.signIn('technician');
    rig.runtime.core.disconnect('screen-1');
    expect(rig.events).toContainEqual(
      expect.objectContaining({
        name: 'staff.session.ended',
        payload: { staffSessionId: session.staffSessionId, reason: 'disconnected' },
      }),
    );
    expect(await rig.call('staff.devices', {})).toMatchObject({ ok: false, error: { code: 'staffSessionRequired' } });
  });

  it('typed staff code and PIN where allowed; refusals do not say whether the code exists', async () => {
    const begun = await rig.ok('staff.signIn.begin', {});
    if (!begun.ok) throw new Error('begin refused');
    expect(begun.allowTypedNumber).toBe(true);
    expect(
      await rig.ok('staff.signIn.typed', { attemptId: begun.attemptId, staffId: 'NOBODY', pin: '246810' }),
    ).toMatchObject({ ok: false, reason: 'wrongCredentials' });
    const wrong = await rig.ok('staff.signIn.typed', {
      attemptId: begun.attemptId,
      staffId: 'DEV-TECH',
      pin: '246810',
    });
    expect(wrong).toMatchObject({ ok: false, reason: 'wrongCredentials' });
    expect(wrong).not.toHaveProperty('attemptsLeft');
    const signed = await rig.ok('staff.signIn.typed', {
      attemptId: begun.attemptId,
      staffId: 'DEV-TECH',
      pin: DEV_STAFF_SECRETS.technician.pin,
    });
    expect(signed).toMatchObject({ ok: true, session: { staffId: 'DEV-TECH', role: 'technician' } });
  });

  it('refuses typed codes where the configuration does not allow them, and refuses malformed PINs as bad params', async () => {
    await rig.close();
    rig = await createStaffRig({ staff: { ...(await import('./dev-staff')).DEV_STAFF, allowTypedNumber: false } });
    const begun = await rig.ok('staff.signIn.begin', {});
    if (!begun.ok) throw new Error('begin refused');
    expect(
      await rig.ok('staff.signIn.typed', {
        attemptId: begun.attemptId,
        staffId: 'DEV-TECH',
        pin: DEV_STAFF_SECRETS.technician.pin,
      }),
    ).toMatchObject({ ok: false, reason: 'typedNumberNotAllowed' });
    expect(await rig.call('staff.signIn.pin', { attemptId: begun.attemptId, pin: '12ab' })).toMatchObject({
      ok: false,
      error: { code: 'badParams' },
    });
    expect(await rig.ok('staff.signIn.pin', { attemptId: begun.attemptId, pin: '246810' })).toMatchObject({
      ok: false,
      reason: 'noCardYet',
    });
    expect(await rig.ok('staff.signIn.pin', { attemptId: 'a'.repeat(24), pin: '246810' })).toMatchObject({
      ok: false,
      reason: 'noAttempt',
    });
  });

  it('refuses a sign-in when no staff are configured', async () => {
    await rig.close();
    rig = await createStaffRig({ staff: {} });
    expect(await rig.ok('staff.signIn.begin', {})).toMatchObject({ ok: false, reason: 'noStaffConfigured' });
  });
});
