/**
 * Asking the page for its buffer now: the request settles when the page answers it (or a later
 * request, since IPC keeps order), at once when there is no page, and after the timeout when the
 * page does not answer (hung or gone), so closing a window never hangs on a dead renderer.
 */
import { describe, expect, it } from 'vitest';
import { BufferFlush } from '../../main/electron/buffer-flush.ts';

describe('BufferFlush', () => {
  it('settles when the page answers, and a later answer settles earlier requests too', async () => {
    const sent: number[] = [];
    const flush = new BufferFlush((id) => (sent.push(id), true), 60_000);
    const settled: string[] = [];
    const first = flush.request().then(() => settled.push('first'));
    const second = flush.request().then(() => settled.push('second'));
    const third = flush.request().then(() => settled.push('third'));
    expect(sent).toEqual([1, 2, 3]);
    flush.answered(2);
    await Promise.all([first, second]);
    expect(settled.sort()).toEqual(['first', 'second']);
    flush.answered(3);
    await third;
    expect(settled).toContain('third');
  });

  it('settles at once when there is no page to ask', async () => {
    const flush = new BufferFlush(() => false, 60_000);
    await flush.request();
  });

  it('gives up on a page that does not answer after the timeout', async () => {
    const flush = new BufferFlush(() => true, 50);
    // Never answered: settles anyway (the test would time out otherwise).
    await flush.request();
    // A late answer to a request that timed out is harmless.
    flush.answered(1);
  });
});
