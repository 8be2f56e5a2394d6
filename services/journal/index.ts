/** The crash-safe transaction journal: public surface. */
export { openJournal, type Journal, type JournalOptions, type FinalStatus, type FinishOutcome, type RecordOutcome } from './journal';
export { MIGRATIONS, migrate } from './migrations';
export { maskIdNumber, redactIdNumbers, containsUnmaskedIdNumber, keyedIdHash, normaliseIdNumber } from './personalData';
export { loadOrCreateSecret } from './secret';
export * from './types';
