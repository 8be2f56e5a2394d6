import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { fixtureCard, type FixtureName } from '../../../devices/id-reader/fixtures';
import type { ResidentRecord } from '../../../devices/id-reader/text-block';
import type { KitDeps } from '../deps';
import { identityStep, type IdentityInput } from './identity';

const deps = { devices: { idReader: () => undefined }, now: () => new Date('2026-12-01T08:00:00Z') } as unknown as KitDeps;

function readCard(record: ResidentRecord, input: Partial<IdentityInput> = {}) {
  const actor = createActor(identityStep, { input: { deps, timeoutMs: 60_000, ...input } }).start();
  actor.send({ type: 'card.read', record });
  const output = actor.getSnapshot().output;
  actor.stop();
  return output;
}

const resident = (name: FixtureName): ResidentRecord => {
  const record = fixtureCard(name).record;
  if (record.type !== 'resident') throw new Error(`${name} is not a resident card`);
  return record;
};

describe('identity step: cards that need a person to check them', () => {
  it('a name with a character the reader cannot render ends the step with rareCharacter where the name is used', () => {
    expect(readCard(resident('privateUseName'))).toMatchObject({ ok: false, reason: 'rareCharacter' });
  });

  it('is taken by a service that never uses the name: its number is sound', () => {
    const record = resident('privateUseName');
    expect(readCard(record, { usesName: false })).toEqual({ ok: true, idNumber: record.idNumber, source: 'card' });
  });

  it("the service's own card check still applies when the name is not used", () => {
    expect(readCard(resident('privateUseName'), { usesName: false, checkCard: () => 'under16' })).toMatchObject({ ok: false, reason: 'under16' });
  });

  it('a card with another reason for review is never taken on its own', () => {
    const record = { ...resident('privateUseName'), reviewReasons: ['rareCharacter', 'unconfirmedLayout'] } as unknown as ResidentRecord;
    expect(readCard(record, { usesName: false })).toMatchObject({ ok: false, reason: 'rareCharacter' });
  });
});
