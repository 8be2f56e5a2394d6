/** Start-up recovery of interrupted transactions: public surface. */
export { recoverUnfinished, type RecoveryOptions, type RecoveryRecord, type RecoveryDecision, type ResumePrintResult } from './recovery';
