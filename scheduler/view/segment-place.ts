/**
 * Where a lane segment sits on either axis, worked out from its steps and the axis instead of kept
 * in four columns of its own (they were 14.5 bytes per event, 17 MB at a million events and 100 MB
 * at ten million, all of it copies of the axis' values). model.ts's Lanes explains the placing:
 *
 *   - it starts where its step starts when it is a running segment, else at the change point of
 *     its first boundary (the end of the step before it: the step that caused it);
 *   - it ends at the change point of its last boundary (SEGMENT_END.change), at the start of that
 *     boundary's step, for a state that lasts until the task runs (SEGMENT_END.boundary), or at the
 *     end of the axis' domain, for what lasts to the end of the run (SEGMENT_END.domainEnd).
 */

/** How a segment's end is placed (Lanes.endKind). */
export const SEGMENT_END = { change: 0, boundary: 1, domainEnd: 2 } as const;

/** The lane state code of a running segment (replay.ts's TaskState.running). */
const RUNNING = 1;

/** What placing reads of a step axis (the model's, or the page's own). */
export interface PlacingAxis {
  tickStart: ArrayLike<number>;
  timeStart: ArrayLike<number>;
  tickEnd: ArrayLike<number>;
  timeEnd: ArrayLike<number>;
  tickDomainEnd: number;
  timeDomainEnd: number;
}

/** What placing reads of the lanes. */
export interface PlacedSegments {
  fromStep: ArrayLike<number>;
  toStep: ArrayLike<number>;
  state: ArrayLike<number>;
  endKind: ArrayLike<number>;
}

export type PlacingKind = 'tick' | 'time';

/** Where segment `i` starts on the `kind` axis. */
export function segmentStart(lanes: PlacedSegments, axis: PlacingAxis, kind: PlacingKind, i: number): number {
  const starts = kind === 'tick' ? axis.tickStart : axis.timeStart;
  const from = lanes.fromStep[i] as number;
  if (lanes.state[i] === RUNNING) return starts[from] as number;
  if (from <= 0) return starts[0] as number;
  return (kind === 'tick' ? axis.tickEnd : axis.timeEnd)[from - 1] as number;
}

/** Where segment `i` ends on the `kind` axis. */
export function segmentEnd(lanes: PlacedSegments, axis: PlacingAxis, kind: PlacingKind, i: number): number {
  const end = lanes.endKind[i] as number;
  if (end === SEGMENT_END.domainEnd) return kind === 'tick' ? axis.tickDomainEnd : axis.timeDomainEnd;
  const starts = kind === 'tick' ? axis.tickStart : axis.timeStart;
  const to = lanes.toStep[i] as number;
  if (end === SEGMENT_END.boundary) return starts[to] as number;
  if (to <= 0) return starts[0] as number;
  return (kind === 'tick' ? axis.tickEnd : axis.timeEnd)[to - 1] as number;
}
