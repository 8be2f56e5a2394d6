/**
 * Running service flows, each bound to the session that started it. Services plug in a launcher;
 * the core routes `flow.*` calls here. Ending a session cancels its flows, so a resident who walks
 * away mid-payment is resolved by the flow's own compensation (refund, staff ticket).
 */
import type { FlowProgress, ServiceId } from '../../contract/flow';
import type { EventSchemas, RunningFlow } from '../flows/framework';

export interface FlowLaunchContext {
  sessionId: string;
  onProgress: (progress: FlowProgress) => void;
}

/** Starts one flow of a service. */
export type FlowLauncher = (context: FlowLaunchContext) => RunningFlow<EventSchemas>;
export type FlowLaunchers = Partial<Record<ServiceId, FlowLauncher>>;

export type SendOutcome =
  | { accepted: true }
  | { accepted: false; reason: 'notAllowed' | 'invalidPayload' | 'flowEnded' | 'unknownFlow'; message: string };

export class FlowRegistry {
  private readonly running = new Map<string, { flow: RunningFlow<EventSchemas>; sessionId: string }>();

  constructor(
    private readonly launchers: FlowLaunchers,
    private readonly onProgress: (progress: FlowProgress) => void,
  ) {}

  implemented(service: ServiceId): boolean {
    return this.launchers[service] !== undefined;
  }

  /** Starts a flow; any other flow still running in the session is cancelled first (one at a time). */
  start(sessionId: string, service: ServiceId): FlowProgress | undefined {
    const launch = this.launchers[service];
    if (!launch) return undefined;
    this.cancelSession(sessionId);
    const flow = launch({ sessionId, onProgress: this.onProgress });
    this.running.set(flow.flowId, { flow, sessionId });
    void flow.done.finally(() => this.running.delete(flow.flowId));
    return flow.progress();
  }

  send(flowId: string, event: string, payload: unknown): SendOutcome {
    const entry = this.running.get(flowId);
    if (!entry) return { accepted: false, reason: 'unknownFlow', message: 'no such flow is running' };
    if (event === 'cancel' || event === 'timeout') return { accepted: false, reason: 'notAllowed', message: 'use flow.cancel' };
    const result = entry.flow.send({ type: event, payload });
    return result.ok ? { accepted: true } : { accepted: false, reason: result.error.code, message: result.error.message };
  }

  cancel(flowId: string): boolean {
    const entry = this.running.get(flowId);
    if (!entry) return false;
    return entry.flow.send({ type: 'cancel' }).ok;
  }

  cancelSession(sessionId: string): void {
    for (const [flowId, entry] of this.running) if (entry.sessionId === sessionId) this.cancel(flowId);
  }

  /** Resolves when every running flow has ended (used on shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.running.values()].map((entry) => entry.flow.done));
  }
}
