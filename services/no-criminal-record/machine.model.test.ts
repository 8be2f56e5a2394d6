/**
 * Model-based paths through the no-criminal-record certificate machine (services/kit/model-walk.ts):
 * every simple path of the resident's events, the time-outs and each invoked step ending with each
 * scripted outcome. Free, so no money: each path must end with its transaction finished — done, a
 * certificate kept for a staff reprint (with a ticket), or voided — and keep no certificate, clear
 * number, purpose or statement in memory.
 */
import { describe, expect, it } from 'vitest';
import type { Journal } from '../journal/journal';
import type { PathEventTable } from '../kit/model';
import { journalsFor, SCRIPTED_TX, scriptedKitDeps, walkFlow } from '../kit/model-walk';
import { NoCriminalRecordConfig } from './config';
import { noCriminalRecordFlowSpec, resolveNoCriminalRecordSettings } from './launcher';
import { noCriminalRecordMachine, type NoCriminalRecordContext } from './machine';

const freshJournal = journalsFor('ncr-paths');

const ID = '11010519491231002X';
const NUMBER = '京公(东城)证字〔2026〕第123号';

/** The configuration's defaults (written once, in ./config.ts), switched on or off. */
function input(journal: Journal, enabled: boolean) {
  const settings = resolveNoCriminalRecordSettings(NoCriminalRecordConfig.parse({ enabled }));
  return { deps: { kit: scriptedKitDeps({ service: 'noCriminalRecord', journal }), settings, trustedKeys: [], documentPrinter: () => undefined } };
}

const certificate = {
  certificateNo: NUMBER,
  status: 'issued',
  document: { number: NUMBER, name: '王䶮', sex: '男', nationality: '中国', documentType: '居民身份证', documentNumber: ID, purpose: '就业', periodFrom: '1967-12-31', periodTo: '2026-12-01', issuingUnit: '北京市公安局东城分局', issuedOn: '2026-12-01', validMonths: 3 },
  validUntil: '2027-02-28',
  verificationCode: 'KV1|NCR|scripted',
};

const TABLE: PathEventTable = {
  resident: {
    accept: [{}],
    decline: [{}],
    cancel: [{}],
    purposeChosen: [{ purpose: 'employment' }, { purpose: 'other' }],
    statementGiven: [{ text: '出国留学需要' }, { text: '' }],
  },
  outcomes: {
    identityStep: [{ ok: true, idNumber: ID, source: 'card' }, { ok: false, reason: 'rareCharacter', message: 'card' }],
    lookUpResident: [
      { ok: true, transactionId: SCRIPTED_TX, birthDate: '1949-12-31', period: { from: '1967-12-31', to: '2026-12-01' } },
      { ok: false, reason: 'identityNotFound', message: 'none' },
    ],
    faceStep: [{ ok: true }, { ok: false, reason: 'faceMismatch', message: 'no', checking: true }],
    checkRecord: [
      { ok: true, certificatesThisYear: 0, statementNeeded: false },
      { ok: true, certificatesThisYear: 3, statementNeeded: true },
      { ok: false, reason: 'notIssuableHere', message: 'counter' },
    ],
    issueCertificate: [
      { ok: true, certificate },
      { ok: false, reason: 'statementNeeded', message: 'the backend asks for a statement' },
      { ok: false, reason: 'backendUnavailable', message: 'answer lost' },
    ],
    printDocument: [
      { ok: true, foundExisting: false },
      { ok: false, stage: 'printer', problem: 'paperOut', message: 'paper' },
      { ok: false, stage: 'refused', refusal: { reason: 'notVerified', verdict: 'badSignature' } },
    ],
    undoEffects: [{ undone: true }, { undone: false, ticketNo: 'WK001-20261201-004' }],
  },
};

describe('model-based paths: the no-criminal-record certificate', () => {
  let total = 0;

  it.each([{ enabled: true }, { enabled: false }])('every simple path ends with its transaction finished (service on: $enabled)', ({ enabled }) => {
    const count = walkFlow<NoCriminalRecordContext>({
      machine: noCriminalRecordMachine,
      table: TABLE,
      spec: noCriminalRecordFlowSpec,
      freshJournal,
      input: (journal) => input(journal, enabled),
      idNumber: ID,
      // A state is its value plus what changes what can happen next (not the deps in the context).
      serializeState: (snapshot) => {
        const c = snapshot.context as NoCriminalRecordContext;
        return JSON.stringify([snapshot.value, snapshot.status, c.failure?.code, c.purposeProblem, c.statementProblem, c.statement !== undefined, c.certificate !== undefined, c.printerProblem]);
      },
      openTransaction: (journal) => {
        const tx = journal.begin({ service: 'noCriminalRecord', amountFen: 0, idNumber: ID });
        if (!tx.ok) throw new Error(tx.error.message);
        return tx.value.id;
      },
      check: ({ trail, events, ending, ended, context, journal }) => {
        const issued = events.some((event) => event.type.startsWith('xstate.done.actor.') && (event.output as { certificate?: unknown } | undefined)?.certificate !== undefined);
        const printed = events.some((event) => (event.output as { foundExisting?: boolean } | undefined)?.foundExisting === false);
        // Done only when a certificate was issued and printed; the done view shows its number, masked.
        expect(ending.status === 'done', trail).toBe(issued && printed);
        if (ending.status === 'done') expect(ended.view, trail).toMatchObject({ certificateNo: NUMBER, maskedIdNumber: '110105********002X' });
        // A printer that failed after the issue: kept for a staff reprint, with a ticket the ending shows.
        if (context.failure?.code === 'printerFailed') {
          expect(journal.find(context.transactionId!)?.status, trail).toBe('handedToStaff');
          expect(ended.view, trail).toMatchObject({ ticketNo: expect.any(String) });
        }
        expect([context.identity, context.certificate, context.purpose, context.statement], trail).toEqual([undefined, undefined, undefined, undefined]);
      },
    });
    expect(count).toBeGreaterThan(enabled ? 40 : 1);
    total += count;
  }, 120_000);

  it('ran every path', () => {
    process.stdout.write(`model-based paths: no-criminal-record machine, ${total} complete simple paths replayed\n`);
    expect(total).toBeGreaterThan(40);
  });
});
