/**
 * The code's problems as the page shows them: those the checker found in the text, and until it has
 * spoken, what the run reported about this very text. The timeline greys out while there are any
 * (the last version that ran), and the problems list and the editor read them from here.
 */
import type { Session } from './session.svelte.ts';
import type { EditorProblem } from '../editor/problems.ts';
import { offsetOf } from '../editor/code-markers.ts';

/** A problem as listed: the checker's, or the run's (which has no offset in the text). */
export interface ShownProblem {
  kind: 'syntax' | 'unsupported';
  line: number;
  column: number;
  message: string;
  hint?: string | undefined;
  from: number | null;
}

export class ProblemsView {
  /** What the run reported, listed until the checker has spoken (only while it is about this text). */
  readonly fallback = $derived.by((): ShownProblem | null => {
    const problem = this.session.problem;
    if (problem === null || this.session.scenario?.source !== this.session.document.text) return null;
    return { kind: problem.kind, line: problem.line, column: problem.column, message: problem.message, hint: problem.hint, from: null };
  });
  readonly any = $derived.by(() => this.session.document.problems.length > 0 || this.fallback !== null);
  /** What the page lists: the checker's problems, else the run's. */
  readonly shown = $derived.by((): ShownProblem[] => {
    const found = this.session.document.problems;
    return found.length > 0 ? found : this.fallback === null ? [] : [this.fallback];
  });
  /** Typographic quotes and dashes in the text (a paste from a book or a blog): one button fixes them. */
  readonly typography = $derived.by(() => {
    void this.session.document.text;
    return this.any ? this.session.editor.typographyCount() : 0;
  });

  constructor(private readonly session: Session) {}

  /** The checker's list for the text; the same list again changes nothing. */
  set(problems: EditorProblem[]): void {
    const doc = this.session.document;
    const before = doc.problems;
    const same = before.length === problems.length && before.every((p, i) => p.from === problems[i]?.from && p.message === problems[i]?.message && p.line === problems[i]?.line);
    if (!same) doc.problems = problems;
  }

  /** Straighten the pasted typography, all of it at once. */
  straighten(): void {
    this.session.editor.straighten();
  }

  goTo(p: ShownProblem): void {
    this.session.editor.goTo(p.from ?? offsetOf(this.session.document.text, p.line, p.column));
  }
}
