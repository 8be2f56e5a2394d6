/**
 * Running service flows, each bound to the session that started it. Services plug in a launcher;
 * the core routes `flow.*` calls here. Ending a session cancels its flows, so a resident who walks
 * away mid-payment is resolved by the flow's own compensation (refund, staff ticket).
 */
import type { ServicePause } from '../../contract/api';
import type { FlowProgress, ServiceId } from '../../contract/flow';
import type { RunningFlow } from '../kit/runner';

export interface FlowLaunchContext {
  sessionId: string;
  onProgress: (progress: FlowProgress) => void;
  /** Whether the devices the service needs are ready now; checked again before asking for money. */
  readiness: () => ServicePause | undefined;
  /** Multiplies every time-out of the flow (2 when the resident chose elderly mode). */
  timeScale: number;
}

/** Starts one flow of a service. */
export type FlowLauncher = (context: FlowLaunchContext) => RunningFlow;
export type FlowLaunchers = Partial<Record<ServiceId, FlowLauncher>>;

export type SendOutcome =
  | { accepted: true }
  | { accepted: false; reason: 'notAllowed' | 'invalidPayload' | 'flowEnded' | 'unknownFlow'; message: string };

/** Longest refusal message the contract carries (`flow.send` result). */
const MAX_MESSAGE = 300;
const clip = (message: string): string => (message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message);

interface Entry {
  flow: RunningFlow;
  sessionId: string;
  /** The connection whose resident runs the flow: the only one that hears its progress. */
  owner: string | undefined;
}

export class FlowRegistry {
  private readonly running = new Map<string, Entry>();
  /** Sessions whose resident is in a help call: their flows' resident-wait time-outs are held. */
  private readonly held = new Set<string>();

  constructor(
    private readonly launchers: FlowLaunchers,
    private readonly onProgress: (progress: FlowProgress, owner: string | undefined) => void,
    private readonly readiness: (service: ServiceId) => ServicePause | undefined = () => undefined,
  ) {}

  implemented(service: ServiceId): boolean {
    return this.launchers[service] !== undefined;
  }

  /** Starts a flow; any other flow still running in the session is cancelled first (one at a time). */
  start(sessionId: string, service: ServiceId, owner?: string, timeScale = 1): FlowProgress | undefined {
    const launch = this.launchers[service];
    if (!launch) return undefined;
    this.cancelSession(sessionId);
    const flow = launch({ sessionId, onProgress: (progress) => this.onProgress(progress, owner), readiness: () => this.readiness(service), timeScale });
    this.running.set(flow.flowId, { flow, sessionId, owner });
    if (this.held.has(sessionId)) flow.holdResidentTimers(true);
    void flow.done.finally(() => this.running.delete(flow.flowId));
    return flow.progress();
  }

  /** True when the flow runs and was started from `caller`'s connection. */
  ownedBy(flowId: string, caller: string | undefined): boolean {
    const entry = this.running.get(flowId);
    return entry !== undefined && entry.owner === caller;
  }

  send(flowId: string, event: string, payload: unknown): SendOutcome {
    const entry = this.running.get(flowId);
    if (!entry) return { accepted: false, reason: 'unknownFlow', message: 'no such flow is running' };
    if (event === 'cancel' || event === 'timeout') return { accepted: false, reason: 'notAllowed', message: 'use flow.cancel' };
    const result = entry.flow.send({ type: event, payload });
    return result.ok ? { accepted: true } : { accepted: false, reason: result.error.code, message: clip(result.error.message) };
  }

  cancel(flowId: string): boolean {
    const entry = this.running.get(flowId);
    if (!entry) return false;
    return entry.flow.send({ type: 'cancel' }).ok;
  }

  /**
   * The resident of `sessionId` is talking to the duty officer (true) or no longer (false): the
   * session's flows hold their resident-wait time-outs meanwhile and get their full time back after.
   */
  holdResidentTimers(sessionId: string, on: boolean): void {
    if (on) this.held.add(sessionId);
    else this.held.delete(sessionId);
    for (const entry of this.running.values()) if (entry.sessionId === sessionId) entry.flow.holdResidentTimers(on);
  }

  cancelSession(sessionId: string): void {
    for (const [flowId, entry] of this.running) if (entry.sessionId === sessionId) this.cancel(flowId);
  }

  /** Resolves when every running flow has ended (used on shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.running.values()].map((entry) => entry.flow.done));
  }
}
