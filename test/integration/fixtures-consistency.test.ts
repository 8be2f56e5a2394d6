import { afterAll, describe, expect, it } from 'vitest';
import { fixtureCard, type FixtureName } from '../../devices/id-reader/fixtures';
import { createEmbeddedGateway } from '../../services/backend-sim/embedded';

// The dev dock places these cards on the simulated reader; the embedded backend must know the
// people on them, or no flow can be completed in web mode. This fails when the two drift apart.
const RESIDENT_CARDS: FixtureName[] = ['normalResident', 'rareCharacterName', 'expired', 'longTerm', 'under16'];

describe('reader fixture cards and the backend simulator registry', () => {
  const gateway = createEmbeddedGateway();
  afterAll(() => gateway.close());

  it.each(RESIDENT_CARDS)('%s is a registered resident with the same name, sex and birth date', async (name) => {
    const record = fixtureCard(name).record;
    if (record.type !== 'resident') throw new Error(`${name} is not a resident card`);
    const verified = await gateway.verifyIdentity({ idNumber: record.idNumber });
    if (!verified.ok) throw new Error(`${name}: ${verified.error.message}`);
    expect(verified.value).toMatchObject({ name: record.name, sex: record.sex, birthDate: record.birthDate });
  });
});
