import { it } from 'vitest';
import { ContactlessReader } from '../../devices/contactless/driver';
import { MemoryPcscTransport } from '../../devices/contactless/memory-transport';
import { PermitField } from '../../devices/travel-permit-sim/field';
import { permitFixture } from '../../devices/travel-permit-sim/fixtures';
import { testPki } from '../../devices/travel-permit-sim/pki';
import { signAuthorisation } from '../../devices/icao9303/endorsement';
import { writeAndVerify } from '../../services/exit-entry/chip';
it('dbg', async () => {
  const field = new PermitField();
  const reader = new ContactlessReader(new MemoryPcscTransport(field));
  await reader.start();
  field.place('validHongKongMacao');
  const record = { type: 'G', destination: 'HKMO', trips: 2, validUntil: '20260615', issuingOffice: '公安部出入境管理局', serial: 'QZ2025061600001' } as const;
  const auth = signAuthorisation(testPki().endorsementIssuer.privateKey, 'C12345678', record);
  const out = await writeAndVerify(reader, permitFixture('validHongKongMacao').printedOcrLine, { record, authorisation: auth }, { apduTimeoutMs: 2000 });
  console.log(out);
});
