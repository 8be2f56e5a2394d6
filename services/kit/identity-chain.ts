/**
 * The identity → (registry look-up) → face chain, written once for every service that proves who
 * the resident is: each builder returns the parent machine's state node for one link (the kit step
 * it invokes, the parent's back-stop time-out, the events it forwards, cancel), and the service
 * says where each link goes next and how its own context takes the link's result.
 *
 * Typing: a builder is generic in the parent's context and events. A generic context cannot take
 * an object literal (`{ at: 'face' }` is not provably a `Partial<TContext>`), so every update goes
 * through the service's `into`, which TypeScript checks against the service's concrete context at
 * the call site (usually `into: (patch) => patch`). The forwarded events are typed by the chain's
 * own event shapes, which the parent's events must contain (checked where the node is used).
 */
import {
  assign,
  sendTo,
  type EventObject,
  type MachineContext,
  type MetaObject,
  type ProvidedActor,
  type StateNodeConfig,
  type TransitionConfigOrTarget,
} from 'xstate';
import type { CommonReason } from '../../contract/flows/common';
import type { KitDeps } from './deps';
import type { faceStep, FaceComparator } from './steps/face';
import type { identityStep, IdentityInput } from './steps/identity';
import type { lookUpResident } from './steps/registry-lookup';

/** Where the resident is while the chain runs (the contract's states; `faceCheck` while comparing). */
export type ChainAt = 'identity' | 'lookup' | 'face' | 'faceCheck';
/** The reasons the chain itself ends a flow with (all common to every service). */
export type ChainReason = Extract<
  CommonReason,
  'timeout' | 'backendUnavailable' | 'identityNotFound' | 'faceMismatch' | 'cameraUnavailable'
>;
export interface ProvenPerson {
  idNumber: string;
  source: 'card' | 'typed';
}
/** What a link writes into the parent's context, through the service's `into` (`TAt`: the states that link shows). */
export interface ChainPatch<TAt extends ChainAt = ChainAt> {
  at?: TAt;
  identity?: ProvenPerson;
  failure?: { code: ChainReason; message: string };
}

type IdentityEvent = { type: 'idNumberEntered'; idNumber: string };
type FaceEvent =
  { type: 'faceCaptured'; imageJpegBase64: string } | { type: 'cameraUnavailable'; reason: 'missing' | 'denied' };
type CancelEvent = { type: 'cancel' };

interface Timeouts {
  identity: number;
  lookup: number;
  face: number;
  faceCheck: number;
}
/** The parent context each link needs: the kit's deps and the service's settings for that link. */
interface Host<TTimeout extends keyof Timeouts> extends MachineContext {
  deps: { kit: KitDeps; settings: { timeouts: Pick<Timeouts, TTimeout>; maxFaceAttempts?: number } };
}
interface FaceHost extends Host<'face' | 'faceCheck'> {
  deps: { kit: KitDeps; settings: { timeouts: Pick<Timeouts, 'face' | 'faceCheck'>; maxFaceAttempts: number } };
}

/**
 * The parent's back-stop time-outs (spread into `setup({ delays })`): a step's own time-outs
 * decide, the parent's fires only if a step ever hangs.
 */
export const chainDelays = {
  identity: ({ context }: { context: Host<'identity'> }) => context.deps.settings.timeouts.identity + 5_000,
  lookup: ({ context }: { context: Host<'lookup'> }) => context.deps.settings.timeouts.lookup,
  face: ({ context }: { context: FaceHost }) =>
    (context.deps.settings.timeouts.face + context.deps.settings.timeouts.faceCheck) *
      context.deps.settings.maxFaceAttempts +
    5_000,
};

type Actor<TSrc extends string, TLogic> = { src: TSrc; logic: TLogic; id: string | undefined };
type IdentityActor = Actor<'identityStep', typeof identityStep>;
type LookupActor = Actor<'lookUpResident', typeof lookUpResident>;
type FaceActor = Actor<'faceStep', typeof faceStep>;

/** A state node of the parent (no named actions or guards: the chain brings its own). */
type Node<
  TContext extends MachineContext,
  TEvent extends EventObject,
  TActor extends ProvidedActor,
  TOn extends EventObject,
  TDelay extends string,
> = Omit<
  StateNodeConfig<TContext, TEvent, TActor, never, never, TDelay, string, unknown, EventObject, MetaObject>,
  'on'
> & {
  on: {
    [K in TOn['type']]?: TransitionConfigOrTarget<
      TContext,
      Extract<TOn, { type: K }>,
      TEvent,
      TActor,
      never,
      never,
      TDelay,
      EventObject,
      MetaObject
    >;
  };
};

/** The parent's events must contain the ones a link forwards or takes (a type error at the call otherwise). */
type Takes<TEvent extends EventObject, TOn extends EventObject> = [TOn] extends [TEvent]
  ? unknown
  : { parentEventsLack: Exclude<TOn, TEvent> };

interface Link<TContext, TAt extends ChainAt> {
  /** The parent's state to go to when the link fails (`'failed'`, or `'#service.failed'` from a nested node). */
  failed: string;
  /** The parent's cancelled state; none when the parent's enclosing state handles cancel. */
  cancelled?: string;
  /** False when the parent's enclosing state has the back-stop time-out for the whole chain. */
  backstop?: boolean;
  /** The chain's update in the service's context (checked against it where the link is built). */
  into: (patch: ChainPatch<TAt>) => Partial<TContext>;
}

/** A link inside a parent state that has the chain's time-out: it uses none of the parent's delays. */
type NoBackstop = { backstop: false };

/** A failure the chain records, through the service's `into`. */
const failing = <TContext, TAt extends ChainAt>(link: Link<TContext, TAt>, code: ChainReason, message: string) =>
  link.into({ failure: { code, message } });

export interface IdentityLink<TContext> extends Link<TContext, 'identity'> {
  /** Where a proven person goes next; a card on the reader may skip what a typed number needs. */
  next: string | { card: string; typed: string };
  /** The identity step's own reasons are the service's (e.g. its card check's): it maps them. */
  identityFailed: (reason: string, message: string) => Partial<TContext>;
  checkCard?: IdentityInput['checkCard'];
  /** See IdentityInput.usesName. */
  usesName?: boolean;
}

/** `identity`: the kit's identity step (card or typed number), invoked as child `identity`. */
export function identityState<TContext extends Host<'identity'>, TEvent extends EventObject>(
  link: IdentityLink<TContext> & NoBackstop & Takes<TEvent, IdentityEvent | CancelEvent>,
): Node<TContext, TEvent, IdentityActor, IdentityEvent | CancelEvent, never>;
export function identityState<TContext extends Host<'identity'>, TEvent extends EventObject>(
  link: IdentityLink<TContext> & Takes<TEvent, IdentityEvent | CancelEvent>,
): Node<TContext, TEvent, IdentityActor, IdentityEvent | CancelEvent, 'identity'>;
export function identityState<TContext extends Host<'identity'>, TEvent extends EventObject>(
  link: IdentityLink<TContext> & Takes<TEvent, IdentityEvent | CancelEvent>,
): Node<TContext, TEvent, IdentityActor, IdentityEvent | CancelEvent, 'identity'> {
  const next = typeof link.next === 'string' ? { card: link.next, typed: link.next } : link.next;
  const proven = ({ idNumber, source }: ProvenPerson) => link.into({ identity: { idNumber, source } });
  return {
    entry: assign(() => link.into({ at: 'identity' })),
    invoke: {
      id: 'identity',
      src: 'identityStep',
      input: ({ context }) => ({
        deps: context.deps.kit,
        timeoutMs: context.deps.settings.timeouts.identity,
        ...(link.checkCard ? { checkCard: link.checkCard } : {}),
        ...(link.usesName === false ? { usesName: false } : {}),
      }),
      onDone: [
        {
          guard: ({ event }) => event.output.ok && event.output.source === 'card',
          target: next.card,
          actions: assign(({ event }) => (event.output.ok ? proven(event.output) : {})),
        },
        {
          guard: ({ event }) => event.output.ok,
          target: next.typed,
          actions: assign(({ event }) => (event.output.ok ? proven(event.output) : {})),
        },
        {
          target: link.failed,
          actions: assign(({ event }) =>
            event.output.ok ? {} : link.identityFailed(event.output.reason, event.output.message),
          ),
        },
      ],
    },
    ...(link.backstop === false
      ? {}
      : {
          after: {
            identity: { target: link.failed, actions: assign(() => failing(link, 'timeout', 'identity timed out')) },
          },
        }),
    on: {
      idNumberEntered: { actions: sendTo('identity', ({ event }) => event) },
      ...(link.cancelled ? { cancel: link.cancelled } : {}),
    },
  };
}

/** `lookup`: a typed number must be in the registry before a face is compared with its photo. */
export function lookupState<TContext extends Host<'lookup'> & { identity?: ProvenPerson }, TEvent extends EventObject>(
  link: Link<TContext, 'lookup'> & { next: string } & Takes<TEvent, CancelEvent>,
): Node<TContext, TEvent, LookupActor, CancelEvent, 'lookup'> {
  return {
    entry: assign(() => link.into({ at: 'lookup' })),
    invoke: {
      src: 'lookUpResident',
      input: ({ context }) => ({ deps: context.deps, idNumber: context.identity!.idNumber }),
      onDone: [
        { guard: ({ event }) => event.output.ok, target: link.next },
        {
          target: link.failed,
          actions: assign(({ event }) =>
            event.output.ok ? {} : failing(link, event.output.reason, event.output.message),
          ),
        },
      ],
    },
    ...(link.backstop === false
      ? {}
      : {
          after: {
            lookup: {
              target: link.failed,
              actions: assign(() => failing(link, 'backendUnavailable', 'registry lookup timed out')),
            },
          },
        }),
    on: link.cancelled ? { cancel: link.cancelled } : {},
  };
}

export interface FaceLink<TContext> extends Link<TContext, 'face' | 'faceCheck'> {
  next: string;
  /** Whose face: the number whose photo on file is compared (or the service's own comparison), and the transaction to journal the match in. */
  person: (context: TContext) => { idNumber: string; transactionId?: string | undefined; compare?: FaceComparator };
}

/** `face`: the kit's face step, invoked as child `face`; a failure says whether it was capturing or comparing. */
export function faceState<TContext extends FaceHost, TEvent extends EventObject>(
  link: FaceLink<TContext> & NoBackstop & Takes<TEvent, FaceEvent | CancelEvent>,
): Node<TContext, TEvent, FaceActor, FaceEvent | CancelEvent, never>;
export function faceState<TContext extends FaceHost, TEvent extends EventObject>(
  link: FaceLink<TContext> & Takes<TEvent, FaceEvent | CancelEvent>,
): Node<TContext, TEvent, FaceActor, FaceEvent | CancelEvent, 'face'>;
export function faceState<TContext extends FaceHost, TEvent extends EventObject>(
  link: FaceLink<TContext> & Takes<TEvent, FaceEvent | CancelEvent>,
): Node<TContext, TEvent, FaceActor, FaceEvent | CancelEvent, 'face'> {
  return {
    entry: assign(() => link.into({ at: 'face' })),
    invoke: {
      id: 'face',
      src: 'faceStep',
      input: ({ context }) => ({
        deps: context.deps.kit,
        ...link.person(context),
        maxAttempts: context.deps.settings.maxFaceAttempts,
        timeouts: { capture: context.deps.settings.timeouts.face, check: context.deps.settings.timeouts.faceCheck },
      }),
      onDone: [
        { guard: ({ event }) => event.output.ok, target: link.next },
        {
          target: link.failed,
          actions: assign(({ event }) =>
            event.output.ok
              ? {}
              : link.into({
                  at: event.output.checking ? 'faceCheck' : 'face',
                  failure: { code: event.output.reason, message: event.output.message },
                }),
          ),
        },
      ],
    },
    ...(link.backstop === false
      ? {}
      : {
          after: {
            face: { target: link.failed, actions: assign(() => failing(link, 'timeout', 'face step timed out')) },
          },
        }),
    on: {
      faceCaptured: { actions: sendTo('face', ({ event }) => event) },
      cameraUnavailable: { actions: sendTo('face', ({ event }) => event) },
      ...(link.cancelled ? { cancel: link.cancelled } : {}),
    },
  };
}
