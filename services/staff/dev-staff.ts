/**
 * Demonstration staff for development mode (`npm run web` without a configuration file) and the
 * end-to-end tests: the hashes were made with `npm run staff:enroll` from the made-up ID numbers and
 * PINs below. A production configuration is a file with its own list; these never reach it.
 */
import type { StaffConfig } from '../config/staff-schema';

/** The clear values behind the demo hashes (development and tests only). */
export const DEV_STAFF_SECRETS = {
  officer: { staffId: 'DEV-OFFICER', idNumber: '110101198001010010', pin: '246810' },
  technician: { staffId: 'DEV-TECH', idNumber: '110101198202020020', pin: '135790' },
} as const;

export const DEV_STAFF: Pick<StaffConfig, 'idHashKey' | 'members' | 'allowTypedNumber'> = {
  // sha256("police-kiosk development staff key")
  idHashKey: '19dd0cba8fd3136e22266e646c678f54989f96de3fb9461906d71527fba9c1d0',
  allowTypedNumber: true,
  members: [
    {
      staffId: 'DEV-OFFICER',
      alias: '值班民警（演示）',
      role: 'officer',
      idHash: '742d2ae6c53dd20079fc364dcec0b1b0dc2feb9bb233df4721075e1f4aa29bd8',
      pinHash: '$argon2id$v=19$m=19456,t=2,p=1$VH0mjga7AfuaCE575gpi7Q$PDMrTPi0HhXxFSrCTNzQKJqDxwqB/FfXurCap1dOkWQ',
    },
    {
      staffId: 'DEV-TECH',
      alias: '技术员（演示）',
      role: 'technician',
      idHash: 'b9b932e0663147a93c366e06be5e1d88eab3d324d91ccf15b4065918df5f8ce7',
      pinHash: '$argon2id$v=19$m=19456,t=2,p=1$dTJTl4X4uYwgoZrvvqmmrg$KnYrziTiKLCcAcefp9aWAwrRTjDm0aaNI+rSJ7QrgMI',
    },
  ],
};
