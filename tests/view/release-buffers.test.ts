/**
 * A long run's replaced partial models are freed at once (renderer/app/release-buffers.ts): the
 * buffers only the replaced model holds are detached, those it shares with its replacement (the
 * checkpoints carried over) are not.
 */
import { describe, expect, it } from 'vitest';
import { ViewBuilder } from '../../scheduler/view/builder.ts';
import { SnapshotCheckpoints, mergeCheckpoints, transferList } from '../../scheduler/view/transfer.ts';
import { buffersOnlyIn, detachBuffers } from '../../renderer/app/release-buffers.ts';
import { traceOf } from '../renderer/support.ts';

describe('freeing a replaced model', () => {
  it("detaches what only the replaced snapshot holds, and keeps the checkpoints its replacement carries over", () => {
    const trace = traceOf('04-server-many-clients.py');
    const builder = new ViewBuilder(trace.source, { checkpointInterval: 4 });
    const sent = new SnapshotCheckpoints();
    const half = Math.floor(trace.events.length / 2);
    builder.push(trace.events.subarray(0, half), trace.floats, trace.strings);
    // As the page receives them: moved (structured clone), then merged with the checkpoints before.
    const receive = (model: ReturnType<ViewBuilder['snapshot']>) => structuredClone(model, { transfer: transferList(model) });
    const first = mergeCheckpoints([], receive(sent.strip(builder.snapshot())));
    builder.push(trace.events.subarray(half), new Float64Array(0), trace.strings);
    const second = mergeCheckpoints(first.index.checkpoints, receive(sent.strip(builder.snapshot())));
    expect(first.index.checkpoints.length).toBeGreaterThan(1);
    const carried = first.index.checkpoints.filter((c) => second.index.checkpoints.includes(c));
    expect(carried.length).toBe(first.index.checkpoints.length);

    const buffers = buffersOnlyIn(first, second);
    const freed = detachBuffers(buffers);
    expect(freed).toBeGreaterThan(0);
    expect(first.axis.stepTick.length).toBe(0);
    expect(first.lanes.fromStep.length).toBe(0);
    // What the replacement shares is whole, and it still reads.
    expect(carried.every((c) => c.live.state.length === c.liveSerials.length)).toBe(true);
    expect(carried.some((c) => c.liveSerials.length > 0)).toBe(true);
    expect(second.axis.stepTick.length).toBe(second.axis.steps);
    // Detaching again frees nothing more.
    expect(detachBuffers(buffers)).toBe(0);
  });
});
