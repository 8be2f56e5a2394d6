/**
 * The certificate flow over the embedded backend, a real journal and a fake A4 printer: the happy
 * path, the sealed juvenile record, and every failure the issue names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RESIDENT, UNKNOWN_ID_NUMBER } from '../backend-sim/fixtures';
import { createSigner, documentJobId, readQrFromPdf, SIMULATOR_ISSUER_KEY, verifyCode } from '../documents';
import { generateKeyPair } from '../documents/signing/sm';
import { recoverUnfinished } from '../recovery/recovery';
import { compensateEffects } from '../gateway/compensation';
import type { PoliceGateway } from '../gateway/types';
import { reprintSavedCertificate } from './launcher';
import { createRig, fakeJpegBase64, FakeA4Printer, journalRows, type Rig } from './test-rig';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

/** A gateway whose `operation` answers as if the backend could not be reached. */
const down = (operation: keyof PoliceGateway) => (embedded: PoliceGateway): PoliceGateway =>
  new Proxy(embedded, {
    get(target, key, receiver) {
      if (key === operation) return () => Promise.resolve({ ok: false, error: { kind: 'network', message: 'connection refused', retryable: true } });
      return Reflect.get(target, key, receiver) as unknown;
    },
  });

async function toDone(r: Rig, idNumber: string, purpose: { purpose: string; text?: string } = { purpose: 'employment' }) {
  await r.toPurpose(idNumber);
  r.send('purposeChosen', purpose);
  return r.ended();
}

describe('no-criminal-record certificate flow', () => {
  it('happy path: a verified certificate is printed once under the transaction job id; done view masked; journal masked', async () => {
    rig = await createRig();
    await rig.toPurpose(RESIDENT.standard);
    expect(rig.flow.progress().view).toMatchObject({ periodFrom: '2003-03-12', periodTo: '2025-06-16', periodRule: 'fromAge18' });
    rig.send('purposeChosen', { purpose: 'employment' });
    const end = await rig.ended();
    expect(end.status).toBe('done');
    const tx = rig.transaction()!;
    expect(tx).toMatchObject({ status: 'done', amountFen: 0, maskedIdNumber: `110101********${RESIDENT.standard.slice(-4)}` });
    expect([...rig.printer.jobs.keys()]).toEqual([documentJobId(tx.id, 'NCR')]);
    expect(end.progress.view).toMatchObject({ certificateNo: '京公(东)证字〔2025〕第000004号', maskedIdNumber: `110101********${RESIDENT.standard.slice(-4)}`, validUntil: '2025-09-15' });
    // The printed PDF's QR is the backend's signed code, and it verifies.
    const code = await readQrFromPdf(rig.printer.jobs.get(documentJobId(tx.id, 'NCR'))!);
    expect(verifyCode(code!, [SIMULATOR_ISSUER_KEY], '2025-06-16').verdict).toBe('valid');
    // Masked data only in the journal: no clear number, no name; the number saved for a reprint.
    const rows = journalRows(rig.journal).all;
    expect(rows).not.toContain(RESIDENT.standard);
    expect(rows).not.toContain('张伟');
    expect(rig.journal.receipts(tx.id)[0]?.payload).toEqual({ certificateNo: '京公(东)证字〔2025〕第000004号', maskedIdNumber: `110101********${RESIDENT.standard.slice(-4)}`, validUntil: '2025-09-15' });
    expect(rig.logger.lines.join('\n')).not.toContain(RESIDENT.standard);
  });

  it('a sealed juvenile record gets the same certificate as no record; nothing hints at it', async () => {
    rig = await createRig();
    const end = await toDone(rig, RESIDENT.sealedJuvenile);
    expect(end.status).toBe('done');
    const pdf = rig.printer.jobs.values().next().value!;
    expect(Buffer.from(pdf).length).toBeGreaterThan(10_000);
    const everything = [journalRows(rig.journal).all, rig.logger.lines.join('\n'), JSON.stringify(rig.progress)].join('\n');
    expect(everything).not.toMatch(/sealed|juvenile|封存|未成年|record exists|犯罪/i);
  });

  it('record exists: ends notIssuableHere; the views, the log and the journal carry that neutral code only', async () => {
    rig = await createRig();
    const end = await toDone(rig, RESIDENT.criminalRecord);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'notIssuableHere' } });
    expect(rig.printer.jobs.size).toBe(0);
    const tx = rig.transaction()!;
    expect(tx).toMatchObject({ status: 'failed', reason: 'notIssuableHere' });
    // The service's own name (noCriminalRecord, no-criminal-record) says what was asked for, not the answer.
    const everything = [journalRows(rig.journal).all, rig.logger.lines.join('\n'), JSON.stringify(rig.progress)].join('\n').replace(/no-?criminal-?record/gi, 'SERVICE');
    expect(everything).toContain('notIssuableHere');
    expect(everything).not.toMatch(/crim|record ?exists|recordExists|犯罪|记录|违法|conviction|offen[cs]e/i);
  });

  it('unknown person: identityNotFound, no transaction', async () => {
    rig = await createRig();
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('identity');
    rig.send('idNumberEntered', { idNumber: UNKNOWN_ID_NUMBER });
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'identityNotFound' } });
    expect(journalRows(rig.journal).transactions).toEqual([]);
  });

  it('face mismatch after 3 captures: faceMismatch, transaction closed, nothing issued', async () => {
    rig = await createRig();
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('identity');
    rig.send('idNumberEntered', { idNumber: RESIDENT.faceNeverMatches });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await rig.until((p) => p.state === 'face' && p.status === 'waiting' && p.view?.attempt === attempt);
      rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64(`try-${attempt}`) });
    }
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'faceMismatch' } });
    expect(rig.transaction()).toMatchObject({ status: 'failed' });
  });

  it('purpose: `other` without a text is refused in the view; a text goes on the certificate; one too long is refused', async () => {
    rig = await createRig();
    await rig.toPurpose(RESIDENT.elderly);
    rig.send('purposeChosen', { purpose: 'other', text: '   ' });
    await rig.until((p) => p.view?.problem === 'textRequired');
    rig.send('purposeChosen', { purpose: 'other', text: '一二三四五六七八九十一二三四五六七八九十一' });
    await rig.until((p) => p.view?.problem === 'textTooLong');
    rig.send('purposeChosen', { purpose: 'other', text: '办理 居住证' });
    expect((await rig.ended()).status).toBe('done');
    const issued = await rig.embedded.getCriminalRecordCertificate({ certificateNo: '京公(东)证字〔2025〕第000004号' });
    expect(issued.ok && issued.value.document.purpose).toBe('办理 居住证');
    // Free text stays out of the log and the journal.
    expect(rig.logger.lines.join('\n') + journalRows(rig.journal).all).not.toContain('居住证');
  });

  it('more than 3 certificates this year: a stated purpose is asked for; an empty one is refused; then issued', async () => {
    rig = await createRig();
    await rig.toPurpose(RESIDENT.frequentCertificates);
    rig.send('purposeChosen', { purpose: 'study' });
    const asked = await rig.inState('statement', 'waiting');
    expect(asked.view).toMatchObject({ certificatesThisYear: 3, statementAfter: 3 });
    rig.send('statementGiven', { text: '  ' });
    await rig.until((p) => p.view?.problem === 'empty');
    rig.send('statementGiven', { text: '学校' });
    await rig.until((p) => p.view?.problem === 'tooShort');
    rig.send('statementGiven', { text: '出国留学，学校要求再次提供' });
    expect((await rig.ended()).status).toBe('done');
    expect(rig.logger.lines.join('\n') + journalRows(rig.journal).all).not.toContain('学校要求');
  });

  it.each([
    ['verifyIdentity', 'identity lookup'],
    ['compareFace', 'face comparison'],
    ['checkCriminalRecord', 'record check'],
  ] as const)('backend down at %s (%s): backendUnavailable, nothing issued', async (operation, _what) => {
    rig = await createRig({ gateway: down(operation) });
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('identity');
    rig.send('idNumberEntered', { idNumber: RESIDENT.standard });
    if (operation !== 'verifyIdentity') {
      await rig.inState('face', 'waiting');
      rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('c') });
    }
    if (operation === 'checkCriminalRecord') {
      await rig.inState('purpose', 'waiting');
      rig.send('purposeChosen', { purpose: 'employment' });
    }
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'backendUnavailable' } });
    expect(rig.printer.jobs.size).toBe(0);
  });

  it('backend down at the issue: the reference is voided (a late issue is refused), nothing printed', async () => {
    rig = await createRig({ gateway: down('issueCriminalRecordCertificate') });
    const end = await toDone(rig, RESIDENT.standard);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'backendUnavailable' } });
    const tx = rig.transaction()!;
    expect(tx.steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['backendEffect', 'compensated']));
    const late = await rig.embedded.issueCriminalRecordCertificate({ idempotencyKey: 'late', idNumber: RESIDENT.standard, kioskReference: tx.id, purpose: '就业', periodRule: 'fromAge18', validityMonths: 3 });
    expect(late.ok ? 'issued' : late.error.code).toBe('certificateVoided');
  });

  it.each([
    ['signed with a key the kiosk does not trust', 'unknownIssuer'],
    ['a signature that does not match the trusted key', 'badSignature'],
  ] as const)('%s: nothing printed, certificate voided, staff ticket (%s)', async (_what, verdict) => {
    const other = generateKeyPair();
    const otherSigner = createSigner(other.privateKey, other.publicKey, '其他签发机关');
    rig =
      verdict === 'unknownIssuer'
        ? await createRig({ signer: otherSigner })
        : await createRig({ trustedKeys: [{ ...SIMULATOR_ISSUER_KEY, publicKey: other.publicKey }] }); // the right key id, the wrong key
    const end = await toDone(rig, RESIDENT.standard);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'certificateNotVerified' } });
    expect(rig.printer.jobs.size).toBe(0);
    expect(end.progress.view?.ticketNo).toMatch(/^W/);
    const fetched = await rig.embedded.getCriminalRecordCertificate({ certificateNo: '京公(东)证字〔2025〕第000004号' });
    expect(fetched.ok && fetched.value.status).toBe('voided');
    expect(rig.journal.openTickets().at(-1)?.reason).toContain(`notVerified (${verdict})`);
    expect(rig.transaction()?.steps.find((s) => s.kind === 'printFailed')?.data).toMatchObject({ stage: 'prepare', reason: 'notVerified', verdict });
  });

  it.each(['paperOut', 'paperJammed'] as const)('A4 printer %s: the signed certificate is kept for a staff reprint (ticket); the reprint prints it once', async (cause) => {
    rig = await createRig();
    rig.printer.mode = cause;
    const end = await toDone(rig, RESIDENT.standard);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'printerFailed' }, progress: { view: { printerProblem: cause } } });
    expect(end.progress.view?.ticketNo).toMatch(/^W/);
    const tx = rig.transaction()!;
    expect(tx.status).toBe('handedToStaff');
    expect(rig.journal.openTickets().at(-1)?.reason).toContain('京公(东)证字〔2025〕第000004号');
    // Not voided: staff fetch it again by its number and print it.
    rig.printer.mode = 'ok';
    const reprint = { gateway: rig.gateway, journal: rig.journal, printer: rig.printer, trustedKeys: rig.trustedKeys, timeZone: 'Asia/Shanghai', now: rig.now };
    expect(await reprintSavedCertificate(reprint, tx.id)).toEqual({ ok: true });
    expect(await reprintSavedCertificate(reprint, tx.id)).toEqual({ ok: true });
    expect([...rig.printer.jobs.keys()]).toEqual([documentJobId(tx.id, 'NCR')]);
  });

  it('a print that never finishes: printerFailed (timeOut), kept for staff with a ticket, not voided', async () => {
    rig = await createRig({ settings: { timeouts: { printing: 300 } } });
    rig.printer.mode = 'hang';
    const end = await toDone(rig, RESIDENT.standard);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'printerFailed' }, progress: { view: { printerProblem: 'timeOut' } } });
    expect(rig.transaction()?.status).toBe('handedToStaff');
    const fetched = await rig.embedded.getCriminalRecordCertificate({ certificateNo: '京公(东)证字〔2025〕第000004号' });
    expect(fetched.ok && fetched.value.status).toBe('issued');
  });

  it('the resident walks away at the purpose screen: timeout, nothing issued, transaction closed', async () => {
    rig = await createRig({ settings: { timeouts: { purpose: 150 } } });
    await rig.toPurpose(RESIDENT.standard);
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(rig.transaction()).toMatchObject({ status: 'failed' });
    const check = await rig.embedded.checkCriminalRecord({ idNumber: RESIDENT.standard });
    expect(check.ok && check.value.certificatesThisYear).toBe(0);
  });

  it('restart after the issue and before the print: recovery prints it once (the printer already holds the job)', async () => {
    const printer = new FakeA4Printer();
    rig = await createRig({ printer });
    printer.mode = 'hang';
    await rig.toPurpose(RESIDENT.standard);
    rig.send('purposeChosen', { purpose: 'employment' });
    await rig.until((p) => p.state === 'printing' && p.view?.phase === 'printing');
    await rig.until(() => printer.jobs.size === 1);
    const tx = rig.transaction()!;
    // The kiosk dies here (the flow never ends). At start-up, recovery resumes the print.
    printer.mode = 'ok';
    const resume = (t: { id: string }) => reprintSavedCertificate({ gateway: rig.gateway, journal: rig.journal, printer, trustedKeys: rig.trustedKeys, timeZone: 'Asia/Shanghai', now: rig.now }, t.id);
    const records = await recoverUnfinished({ journal: rig.journal, gateway: rig.gateway, resumePrint: resume, compensate: (id, why) => compensateEffects(rig.journal, rig.gateway, id, why) });
    expect(records).toEqual([expect.objectContaining({ transactionId: tx.id, decision: 'printedAndCompleted' })]);
    expect(rig.journal.find(tx.id)?.status).toBe('done');
    expect(printer.jobs.size).toBe(1);
    expect(rig.journal.find(tx.id)?.steps.filter((s) => s.kind === 'printed').some((s) => s.data.foundExisting === true)).toBe(true);
    // Running recovery again changes nothing.
    expect(await recoverUnfinished({ journal: rig.journal, gateway: rig.gateway, resumePrint: resume })).toEqual([]);
  });

  it('restart during the issue (no certificate number saved): recovery voids the reference', async () => {
    rig = await createRig();
    await rig.toPurpose(RESIDENT.standard);
    const tx = rig.transaction()!;
    // As if the kiosk died right after journalling the effect, before the answer came back.
    rig.journal.recordStep(tx.id, { kind: 'backendEffect', idempotencyKey: `${tx.id}/issue`, data: { operation: 'issueCriminalRecordCertificate', reference: `${tx.id}/issue`, compensation: { operation: 'voidCriminalRecordCertificate', request: { kioskReference: tx.id } } } });
    const resume = (t: { id: string }) => reprintSavedCertificate({ gateway: rig.gateway, journal: rig.journal, printer: rig.printer, trustedKeys: rig.trustedKeys, timeZone: 'Asia/Shanghai', now: rig.now }, t.id);
    const records = await recoverUnfinished({ journal: rig.journal, gateway: rig.gateway, resumePrint: resume, compensate: (id, why) => compensateEffects(rig.journal, rig.gateway, id, why) });
    expect(records).toEqual([expect.objectContaining({ transactionId: tx.id, decision: 'failed' })]);
    const late = await rig.embedded.issueCriminalRecordCertificate({ idempotencyKey: 'late', idNumber: RESIDENT.standard, kioskReference: tx.id, purpose: '就业', periodRule: 'fromAge18', validityMonths: 3 });
    expect(late.ok ? 'issued' : late.error.code).toBe('certificateVoided');
  });
});
