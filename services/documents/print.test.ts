import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobState } from '../../devices/document-printer/ipp/constants';
import type { PdfRenderer } from '../../devices/document-printer/render/render-pool';
import { sharedRenderer, startRig, type Rig } from '../../devices/document-printer/test-support';
import { openJournal, type Journal } from '../journal';
import { certificateCodePayload } from './certificate';
import { createSigner, simulatorSigner, SIMULATOR_ISSUER_KEY } from './issuer';
import { printIssuedDocument, type PrintDocumentInput } from './print';
import { SAMPLE_CERTIFICATE } from './samples';
import { generateKeyPair } from './signing/sm';
import type { IssuedDocument } from './prepare';

let renderer: PdfRenderer;
let rig: Rig | undefined;
let dir: string;
let journal: Journal;

beforeAll(() => {
  renderer = sharedRenderer();
});
afterAll(() => renderer.close());
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  journal?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const certificate = (data = SAMPLE_CERTIFICATE, signer = simulatorSigner()): IssuedDocument => ({ kind: 'NCR', data, code: signer.sign(certificateCodePayload(data)) });

async function setUp(): Promise<{ txId: string; input: (doc: IssuedDocument) => PrintDocumentInput }> {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-docs-'));
  journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K1' });
  const tx = journal.begin({ service: 'noCriminalRecord', amountFen: 0, idNumber: '11010519491231002X' });
  if (!tx.ok) throw new Error(tx.error.message);
  rig = await startRig(renderer);
  const txId = tx.value.id;
  return { txId, input: (document) => ({ printer: rig!.driver, journal, transactionId: txId, document, trustedKeys: [SIMULATOR_ISSUER_KEY], today: '2026-03-02' }) };
}

describe('printing an issued document', () => {
  it('verifies, prints and journals it', async () => {
    const { txId, input } = await setUp();
    const result = await printIssuedDocument(input(certificate()));
    expect(result).toMatchObject({ ok: true, job: { foundExisting: false, pagesPrinted: 1 } });
    expect(rig!.simulator.engine.printedPages()).toHaveLength(1);
    const step = journal.find(txId)!.steps.find((s) => s.kind === 'printed');
    expect(step?.data).toMatchObject({ device: 'documentPrinter', document: 'NCR', number: SAMPLE_CERTIFICATE.number, foundExisting: false });
  });

  it('refuses to print a document whose fields were changed after signing, signed by an unknown key, or expired', async () => {
    const { txId, input } = await setUp();
    const genuine = certificate();
    const tampered: IssuedDocument = { ...genuine, data: { ...SAMPLE_CERTIFICATE, periodTo: '2026-03-02' } } as IssuedDocument;
    expect(await printIssuedDocument(input(tampered))).toMatchObject({ ok: false, stage: 'prepare', refusal: { reason: 'fieldsMismatch' } });
    const other = generateKeyPair();
    const foreign = certificate(SAMPLE_CERTIFICATE, createSigner(other.privateKey, other.publicKey, '冒充机关'));
    expect(await printIssuedDocument(input(foreign))).toMatchObject({ ok: false, refusal: { reason: 'notVerified', verdict: 'unknownIssuer' } });
    expect(await printIssuedDocument({ ...input(genuine), today: '2026-06-01' })).toMatchObject({ ok: false, refusal: { reason: 'notVerified', verdict: 'expired' } });
    expect(rig!.simulator.engine.allJobs()).toHaveLength(0);
    const refused = journal.find(txId)!.steps.filter((s) => s.kind === 'printFailed');
    expect(refused.map((s) => s.data.reason)).toEqual(['fieldsMismatch', 'notVerified', 'notVerified']);
  });

  it('after a restart with the job still queued, prints no second copy and the journal says what happened', async () => {
    const { txId, input } = await setUp();
    rig!.simulator.engine.holdQueue = true;
    const before = rig!.newDriver();
    await before.start();
    const interrupted = printIssuedDocument({ ...input(certificate()), printer: before });
    await new Promise((r) => setTimeout(r, 300));
    await before.stop(); // the kiosk goes down while the job waits in the printer's queue
    expect(await interrupted).toMatchObject({ ok: false, stage: 'print', error: 'canceled' });
    expect(rig!.simulator.engine.allJobs()[0]?.state).toBe(JobState.pending);

    const after = rig!.newDriver();
    await after.start();
    setTimeout(() => rig!.simulator.engine.releaseQueue(), 1500);
    const resumed = await printIssuedDocument({ ...input(certificate()), printer: after });
    expect(resumed).toMatchObject({ ok: true, job: { foundExisting: true, foundState: 'pending' } });
    expect(rig!.simulator.engine.allJobs()).toHaveLength(1);
    expect(rig!.simulator.engine.printedPages()).toHaveLength(1);
    const steps = journal.find(txId)!.steps;
    expect(steps.find((s) => s.kind === 'printFailed')?.data).toMatchObject({ cause: 'canceled' });
    expect(steps.find((s) => s.kind === 'printed')?.data.note).toMatch(/found printer job 1 from before a restart \(pending\).*not printed again/);
  });
});
