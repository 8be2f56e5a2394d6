/** Kiosk-side payment orchestration: public surface. */
export { createPaymentService, type PaymentService, type PaymentServiceOptions, type PaymentAttempt, type LatePaymentPolicy } from './paymentService';
export { createSimulatedPaymentProvider, type SimulatedPaymentProvider, type SimulatedProviderOptions, type Fault } from './simulatedProvider';
export * from './types';
