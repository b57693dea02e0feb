/**
 * The compare view's two runs: each is played in its own scheduler worker (the same worker the
 * web build plays documents in), shown by a Session of its own, on one shared time axis
 * (compare.ts sharedDomain) with one cursor: moving either side moves the other to the same
 * virtual time (or loop tick), and zooming either zooms both.
 */
import type { Host } from '../app/host.ts';
import { Session } from '../app/session.svelte.ts';
import { WorkerRuns, type WorkerLike } from '../app/worker-runs.ts';
import type { RunReply } from '../app/run-protocol.ts';
import type { LoadedScenario } from '../../main/common/contract.ts';
import { buildModel, type TraceModel } from '../viz/model.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import type { AxisKind } from '../viz/steps.ts';
import { runTotal, sharedDomain, syncedCursor, totalsInWords } from './compare.ts';

export interface RunInput {
  /** What the run is called on screen and in the totals ("awaited", "saved", a file name). */
  label: string;
  file: string;
  source: string;
}

/** A host that does nothing: a side's Session only shows a run, it never opens or saves. */
const quietHost: Host = {
  kind: 'web',
  listGallery: async () => [],
  openDialog: async () => {},
  openGallery: async () => {},
  openDropped: async () => {},
  onScenario: () => () => {},
  onProgress: () => () => {},
  onMenuCommand: () => () => {},
  playSource: () => {},
  bufferChanged: () => {},
  setBufferReader: () => {},
  newScenario: async () => {},
  save: async () => 'cancelled',
  saveAs: async () => 'cancelled',
  onDiskChange: () => () => {},
  saveExport: async () => 'cancelled',
  stop: async () => false,
};

export class CompareSide {
  readonly session = new Session(quietHost);
  label = $state('');
  /** Why this side shows no run (a syntax error, a run that failed), or null. */
  problem = $state<string | null>(null);
  running = $state(false);
  /** The model as built, before its axis is stretched to the shared domain. */
  own = $state.raw<TraceModel | null>(null);
  private readonly runs: WorkerRuns;
  private readonly workers = new Set<Worker>();

  constructor(private readonly arrived: () => void) {
    this.runs = new WorkerRuns(
      () => {
        const worker = new Worker(new URL('../app/scenario-worker.ts', import.meta.url), { type: 'module', name: 'loopscope-compare' });
        this.workers.add(worker);
        return worker as unknown as WorkerLike;
      },
      (reply) => this.receive(reply),
      (message) => {
        this.running = false;
        this.problem = message;
        this.arrived();
      },
    );
  }

  play(input: RunInput): void {
    this.label = input.label;
    this.problem = null;
    this.running = true;
    this.own = null;
    this.session.model = null;
    this.runs.start({ kind: 'run', file: input.file, name: input.file, source: input.source });
  }

  private receive(reply: RunReply): void {
    if (reply.kind !== 'done') return;
    this.running = false;
    this.show(reply.loaded);
    this.arrived();
  }

  private show(loaded: LoadedScenario): void {
    if (loaded.outcome.kind === 'error') {
      const e = loaded.outcome.error;
      this.problem = `${this.label}: line ${e.line}, column ${e.column}: ${e.message}`;
      return;
    }
    try {
      this.own = buildModel(loaded.outcome.trace as unknown as Trace);
      this.session.scenario = loaded;
      this.session.modelSource = loaded.source;
    } catch (error) {
      this.problem = `${this.label}: this run could not be shown: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Stop the side's worker (the view closed): a run still going ends with it. */
  dispose(): void {
    for (const worker of this.workers) worker.terminate();
    this.workers.clear();
  }
}

export class CompareRuns {
  readonly a: CompareSide;
  readonly b: CompareSide;
  axis = $state<AxisKind>('time');
  private lastA = { cursor: 0, view: { k: 1, x: 0 } };
  private lastB = { cursor: 0, view: { k: 1, x: 0 } };

  /** The totals in words, once both runs are in. */
  readonly totals: [string, string] | null = $derived.by(() => {
    const a = this.a.own;
    const b = this.b.own;
    if (a === null || b === null) return null;
    return totalsInWords(runTotal(this.a.label, a.axis), runTotal(this.b.label, b.axis));
  });

  constructor(private readonly main: Session) {
    this.a = new CompareSide(() => this.arrived());
    this.b = new CompareSide(() => this.arrived());
  }

  play(a: RunInput, b: RunInput): void {
    this.a.play(a);
    this.b.play(b);
  }

  /** Both runs on the shared domain, both cursors at the start. */
  private arrived(): void {
    const a = this.a.own;
    const b = this.b.own;
    for (const side of [this.a, this.b]) {
      const own = side.own;
      if (own === null) continue;
      // The shared axis: each run's domain is stretched to the longer run's end.
      const other = side === this.a ? b : a;
      const tick = other === null ? own.axis.tickDomainEnd : sharedDomain(own.axis, other.axis, 'tick')[1];
      const time = other === null ? own.axis.timeDomainEnd : sharedDomain(own.axis, other.axis, 'time')[1];
      side.session.model = { ...own, axis: { ...own.axis, tickDomainEnd: tick, timeDomainEnd: time } };
      side.session.cursor = 0;
      side.session.view = { k: 1, x: 0 };
    }
    this.lastA = { cursor: 0, view: { k: 1, x: 0 } };
    this.lastB = { cursor: 0, view: { k: 1, x: 0 } };
  }

  /** Keep the sides in step (call from an effect): the side that moved leads. */
  sync(): void {
    const a = this.a.session;
    const b = this.b.session;
    for (const side of [a, b]) {
      side.axis = this.axis;
      side.theme = this.main.theme;
      side.systemDark = this.main.systemDark;
      side.detail = this.main.detail;
    }
    const ma = this.a.own;
    const mb = this.b.own;
    if (ma === null || mb === null || a.model === null || b.model === null) return;
    if (a.cursor !== this.lastA.cursor) b.cursor = syncedCursor(ma.axis, mb.axis, this.axis, a.cursor);
    else if (b.cursor !== this.lastB.cursor) a.cursor = syncedCursor(mb.axis, ma.axis, this.axis, b.cursor);
    if (a.view !== this.lastA.view) b.view = a.view;
    else if (b.view !== this.lastB.view) a.view = b.view;
    this.lastA = { cursor: a.cursor, view: a.view };
    this.lastB = { cursor: b.cursor, view: b.view };
  }

  /** The keys of the compare view: the leading side (the first) steps, the other follows. */
  key(event: KeyboardEvent): boolean {
    // The longer run leads, so stepping it walks the whole shared axis.
    const end = (side: CompareSide): number => (side.own === null ? -1 : this.axis === 'tick' ? side.own.axis.ticks : side.own.axis.endTime);
    const lead = end(this.b) > end(this.a) ? this.b.session : this.a.session;
    switch (event.key) {
      case 'ArrowRight':
      case 'PageDown':
        lead.go(event.shiftKey ? 'tick-forward' : 'step-forward');
        return true;
      case 'ArrowLeft':
      case 'PageUp':
        lead.go(event.shiftKey ? 'tick-back' : 'step-back');
        return true;
      case 'Home':
        lead.go('start');
        return true;
      case 'End':
        lead.go('end');
        return true;
      case 't':
        this.axis = this.axis === 'tick' ? 'time' : 'tick';
        return true;
      case '+':
      case '=':
        lead.zoomBy(2);
        return true;
      case '-':
        lead.zoomBy(0.5);
        return true;
      case '0':
        lead.resetZoom();
        return true;
      default:
        return false;
    }
  }

  dispose(): void {
    this.a.dispose();
    this.b.dispose();
  }
}
