/**
 * What a trace costs the page (issue 11: page memory): the bytes under a model's typed arrays, each
 * buffer counted once, per event of its trace, on a fixed scenario of 3,000 tasks mixing sleeps,
 * sleep(0), locks and a queue (bench/scenarios/mixed.py, smaller). Measured: 99.8 bytes per event
 * before the checkpoints had a budget and the explanation shared the model's columns, 70.7 after,
 * 57.8 once the lanes' positions were worked out from the axis instead of kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { buildViewModel, checkpointBytes } from '../../scheduler/view/builder.ts';
import { explainView } from '../../scheduler/view/explained.ts';
import { addBuffers } from '../../scheduler/view/transfer.ts';
import { buildExplainIndex } from '../../scheduler/explain/index.ts';
import { ROOT } from '../browser/support.ts';

const SOURCE = readFileSync(join(ROOT, 'bench', 'scenarios', 'mixed.py'), 'utf8').replace(/^ROUNDS = \d+$/m, 'ROUNDS = 1').replace('range(10000)', 'range(3000)');

describe('the bytes a model holds', () => {
  const trace = runScenario(SOURCE, { file: 'mixed.py' }).trace;
  const model = explainView(buildViewModel(trace), trace);
  const buffers = addBuffers(model, new Set());
  const bytes = [...buffers].reduce((sum, buffer) => sum + buffer.byteLength, 0);

  it('a 3,000-task trace: at most 64 bytes per event, its events included', () => {
    expect(SOURCE).toContain('range(3000)');
    expect(model.events).toBeGreaterThan(50_000);
    expect(bytes / model.events).toBeLessThanOrEqual(64);
  });

  it("the checkpoints within their budget: 2 bytes per word, or a megabyte, or 8 checkpoints", () => {
    const held = model.index.checkpoints.reduce((sum, c) => sum + checkpointBytes(c), 0);
    const largest = Math.max(...model.index.checkpoints.map(checkpointBytes));
    expect(held).toBeLessThanOrEqual(Math.max(2 * model.words, 1 << 20, 8 * largest));
  });

  it("the explanation's columns equal to the model's are views of the model's memory, with the values the explanation computed", () => {
    const shipped = model.explained?.index as unknown as Record<string, unknown>;
    const own = buildExplainIndex(trace) as unknown as Record<string, unknown>;
    const modelBuffers = addBuffers([model.axis, model.index.runWord, model.index.runFloat], new Set());
    const sharedKeys: string[] = [];
    for (const [key, value] of Object.entries(own)) {
      if (!ArrayBuffer.isView(value)) continue;
      const column = shipped[key] as ArrayLike<number> & ArrayBufferView;
      expect(Array.from(column), key).toEqual(Array.from(value as unknown as ArrayLike<number>));
      if (modelBuffers.has(column.buffer as ArrayBuffer)) sharedKeys.push(key);
    }
    expect(sharedKeys).toEqual(expect.arrayContaining(['stepHandle', 'stepTask', 'stepTick', 'stepPos', 'stepFloat', 'stepStart', 'stepEnd', 'tickBefore', 'tickAfter', 'tickIndex', 'tickFirstStep']));
  });
});
