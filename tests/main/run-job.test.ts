/**
 * The desktop app's run job (main/electron/run-job.ts, the worker thread's work): every model it
 * sends, a long run's snapshots and the whole run's, comes explained, with the explanation's
 * columns among the buffers moved to the window, so the window makes no pass over the events.
 */
import { describe, expect, it } from 'vitest';
import { runJob, type Post } from '../../main/electron/run-job.ts';
import type { WorkerReply } from '../../main/electron/worker-protocol.ts';
import { scenarioSource } from '../renderer/support.ts';

function replies(source: string, file: string, limits?: { maxTicks: number }): { reply: WorkerReply; transfer: ArrayBuffer[] }[] {
  const out: { reply: WorkerReply; transfer: ArrayBuffer[] }[] = [];
  const post: Post = (reply, transfer = []) => out.push({ reply, transfer });
  runJob({ id: 1, source, file, ...(limits === undefined ? {} : { limits }) }, post);
  return out;
}

describe('the run job sends explained models', () => {
  it('a long run: each snapshot and the whole run carry their explanation, moved with them', () => {
    const name = '31-runaway-loop-hits-limit.py';
    const sent = replies(scenarioSource(name), `scenarios/${name}`, { maxTicks: 20_000 });
    const models = sent.flatMap(({ reply, transfer }) => (reply.type === 'snapshot' ? [{ model: reply.model, transfer }] : reply.type === 'done' && reply.view !== undefined ? [{ model: reply.view, transfer }] : []));
    expect(models.length).toBeGreaterThan(1);
    expect(sent.at(-1)?.reply.type).toBe('done');
    for (const { model, transfer } of models) {
      const explained = model.explained;
      expect(explained).toBeDefined();
      expect(explained!.steps).toBeLessThanOrEqual(model.axis.steps);
      expect(transfer).toContain(explained!.index.stepCause.buffer);
    }
    const whole = models.at(-1)!.model;
    expect(whole.explained!.steps).toBe(whole.axis.steps);
  });
});
