/**
 * Main's side of the IPC contract (main/common/contract.ts).
 *
 * Every request channel gets exactly one handler: `RequestHandlers` is a mapped type over the
 * contract, so a missing handler (or one with the wrong request or response type) is a compile
 * error. Before a handler runs, two gates:
 *   1. the sender: our window's webContents, its top frame, loaded from our origin
 *      (app://loopscope, or the dev server in development). A subframe, another window, or a
 *      page that navigated elsewhere is refused, because anything it sends is attacker-shaped.
 *   2. the payload: parsed with the channel's zod schema (exactly one argument).
 * The response is parsed too, so main cannot drift from the contract unnoticed.
 *
 * Written against the few members of ipcMain / IpcMainInvokeEvent it uses, so tests drive it
 * with fakes under plain Node.
 */
import {
  events,
  requests,
  type EventChannel,
  type EventOf,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
} from '../common/contract.ts';

export interface SenderFrameLike {
  readonly url: string;
  /** null for the top frame. */
  readonly parent: unknown;
}

export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: SenderFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type RequestHandlers = {
  [C in RequestChannel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export interface SenderPolicy {
  /** Our window's webContents; null while there is none. Compared by identity. */
  trustedSender(): unknown;
  /** Origins the UI may be loaded from, e.g. `app://loopscope`, `http://localhost:5173`. */
  allowedOrigins: readonly string[];
}

/** Thrown to the renderer (as a rejected invoke) when a message fails a gate. */
export class IpcRejected extends Error {
  constructor(channel: string, reason: string) {
    super(`IPC ${channel} rejected: ${reason}`);
    this.name = 'IpcRejected';
  }
}

/**
 * `scheme://host[:port]` of a URL. Computed rather than read from URL.origin because WHATWG
 * gives custom (non-special) schemes such as app: an opaque "null" origin in Node, while
 * Chromium, where the scheme is registered as standard, gives `app://loopscope`.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** Why the sender is refused, or null when it is ours. */
export function senderProblem(event: InvokeEventLike, policy: SenderPolicy): string | null {
  const trusted = policy.trustedSender();
  if (trusted === null || trusted === undefined || event.sender !== trusted) return 'the sender is not the Loopscope window';
  const frame = event.senderFrame;
  // null: the frame navigated away or was destroyed after sending; its message is stale.
  if (frame === null) return 'the sending frame is gone';
  if (frame.parent !== null && frame.parent !== undefined) return 'the sender is a subframe';
  const origin = originOf(frame.url);
  if (origin === null || !policy.allowedOrigins.includes(origin)) return `the origin ${origin ?? frame.url} is not allowed`;
  return null;
}

export interface RegisterOptions {
  /** Where refusals are reported (they mean a bug or an attack, so they are always logged). */
  log?: (message: string) => void;
}

/** Register every contract handler; returns a function that removes them. */
export function registerRequestHandlers(ipc: IpcMainLike, handlers: RequestHandlers, policy: SenderPolicy, options: RegisterOptions = {}): () => void {
  const log = options.log ?? ((message: string) => console.warn(message));
  const channels = Object.keys(requests) as RequestChannel[];
  for (const channel of channels) {
    const schema = requests[channel];
    const handler = handlers[channel] as (request: unknown) => unknown;
    ipc.handle(channel, async (event, ...args) => {
      const problem = senderProblem(event, policy);
      if (problem !== null) {
        log(`Loopscope: refused ${channel}: ${problem}`);
        throw new IpcRejected(channel, problem);
      }
      if (args.length !== 1) {
        log(`Loopscope: refused ${channel}: ${args.length} arguments`);
        throw new IpcRejected(channel, `expected one argument, got ${args.length}`);
      }
      const parsed = schema.request.safeParse(args[0]);
      if (!parsed.success) {
        log(`Loopscope: refused ${channel}: invalid payload`);
        throw new IpcRejected(channel, `invalid payload (${parsed.error.issues.map((issue) => issue.message).join('; ')})`);
      }
      const response = await handler(parsed.data);
      // A failure here is main's bug; say so rather than send the renderer something off-contract.
      return schema.response.parse(response);
    });
  }
  return () => {
    for (const channel of channels) ipc.removeHandler(channel);
  };
}

export interface EventSink {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** Send a contract event; typed so the payload matches its channel. Dropped if the window is gone. */
export function sendEvent<C extends EventChannel>(target: EventSink | null, channel: C, payload: EventOf<C>): boolean {
  if (target === null || target.isDestroyed()) return false;
  // Cheap even for a scenario: the trace's bulk is typed arrays, checked by instanceof.
  events[channel].parse(payload);
  target.send(channel, payload);
  return true;
}
