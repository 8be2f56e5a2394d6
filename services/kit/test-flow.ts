/**
 * A two-state flow on the kit for tests of the core's flow plumbing (not a police service):
 * `ask` waits for `answer { text }`, then `thanks` shows the text back and waits.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import type { FlowProgress } from '../../contract/flow';
import { BaseView } from '../../contract/flows/common';
import { defineServiceContract } from '../../contract/flows/kit';
import type { FlowEnding } from './deps';
import { runServiceFlow, type RunningFlow } from './runner';

export const questionContract = defineServiceContract({
  service: 'help',
  steps: ['ask', 'thanks'],
  states: { ask: { step: 'ask', view: BaseView }, thanks: { step: 'thanks', view: BaseView.extend({ echoed: z.string() }) } },
  events: { answer: z.object({ text: z.string().min(1).max(20) }).strict(), finish: z.object({}).strict() },
  reasons: [],
});

const questionMachine = setup({
  types: {} as { context: { text?: string; ending?: FlowEnding }; events: { type: 'answer'; text: string } | { type: 'finish' } | { type: 'cancel' } },
}).createMachine({
  context: {},
  initial: 'ask',
  states: {
    ask: {
      tags: ['waitingForResident'],
      after: { 60_000: 'cancelled' },
      on: { answer: { target: 'thanks', actions: assign(({ event }) => ({ text: event.text })) }, cancel: 'cancelled' },
    },
    thanks: { tags: ['waitingForResident'], after: { 60_000: 'cancelled' }, on: { finish: 'done', cancel: 'cancelled' } },
    done: { type: 'final', entry: assign({ ending: { status: 'done' } }) },
    cancelled: { type: 'final', entry: assign({ ending: { status: 'cancelled', code: 'cancelled', message: 'cancelled' } }) },
  },
  output: ({ context }) => context.ending!,
});

export function runQuestionFlow(onProgress: (progress: FlowProgress) => void): RunningFlow {
  return runServiceFlow(
    {
      contract: questionContract,
      machine: questionMachine,
      present: (snapshot) => (snapshot.value === 'ask' ? { state: 'ask', view: {} } : { state: 'thanks', view: { echoed: (snapshot.context as { text: string }).text } }),
      presentEnding: () => ({ state: 'thanks', view: {} }),
    },
    undefined,
    { onProgress },
  );
}
