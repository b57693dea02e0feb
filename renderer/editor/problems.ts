/**
 * Problems while typing: the checker worker finds every syntax error and refused construct in the
 * text (checkScenarioProblems), and @codemirror/lint shows each one as a wavy underline, a gutter
 * marker and a hover message with its hint. A problem caused by pasted typography (curly quotes,
 * dashes, odd spaces) offers one action that straightens all of them in the file at once.
 *
 * The page hears about the problems too (onProblems), for the list above the code and the title
 * of the timeline while the text does not run.
 */
import { EditorView, type Command } from '@codemirror/view';
import type { EditorState, Extension } from '@codemirror/state';
import { forEachDiagnostic, lintGutter, linter, setDiagnosticsEffect, type Diagnostic } from '@codemirror/lint';
import type { ScenarioErrorData } from '../../scheduler/python/diagnostics.ts';
import type { Checker } from './checker.ts';
import { STRAIGHTEN_LABEL, isTypographic, typographyFixes } from './typography.ts';

export { STRAIGHTEN_LABEL };
import { mergeRepeats } from './repeated-problems.ts';

/** A problem as the page lists it: where it is now (after any edits) and what it says. */
export interface EditorProblem {
  kind: 'syntax' | 'unsupported';
  line: number;
  /** 1-based, in characters. */
  column: number;
  from: number;
  message: string;
  hint?: string;
  /** Straightening the typography would fix it. */
  typographic: boolean;
}

export interface ProblemsOptions {
  checker: Checker;
  /** The document's name, for the problems' messages. */
  file: () => string;
  /** Texts longer than this are not checked while typing (the page says why). */
  liveLimit: number;
  /** Milliseconds after the last change before checking. */
  delay: number;
  onProblems: (problems: EditorProblem[]) => void;
}

/** Straighten every quote, dash and odd space outside the program's strings and comments: one undo step. */
export const straightenTypography: Command = (view) => {
  const changes = typographyFixes(view.state.doc.toString());
  if (changes.length === 0) return false;
  view.dispatch({ changes, userEvent: 'input.straighten' });
  return true;
};

/** How many characters straightenTypography would change. */
export function typographyCount(state: EditorState): number {
  return typographyFixes(state.doc.toString()).length;
}

const data = new WeakMap<Diagnostic, ScenarioErrorData>();
/** For a typographic problem shown in a tooltip: how many more on its line the same button fixes. */
const alsoOnLine = new WeakMap<Diagnostic, number>();

/**
 * A tooltip (hovering the gutter shows a line's every problem) lists a line's pasted characters
 * once: the first of them, with its button, says how many more the button also fixes.
 */
function oneTypographicPerTooltip(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const typographic = diagnostics.filter((d) => (d.actions?.length ?? 0) > 0);
  if (typographic.length <= 1) return [...diagnostics];
  const [first] = typographic as [Diagnostic, ...Diagnostic[]];
  alsoOnLine.set(first, typographic.length - 1);
  return diagnostics.filter((d) => d === first || (d.actions?.length ?? 0) === 0);
}

function touchesTypography(source: string, from: number, to: number): boolean {
  for (let i = from; i < Math.max(to, from + 1) && i < source.length; i++) if (isTypographic(source[i] as string)) return true;
  return false;
}

function toDiagnostic(source: string, problem: ScenarioErrorData, typography: number): Diagnostic {
  const from = Math.max(0, Math.min(problem.from, source.length));
  const to = Math.max(from, Math.min(problem.to, source.length));
  const kind = problem.kind === 'syntax' ? 'Syntax error' : 'Not supported';
  const diagnostic: Diagnostic = {
    from,
    to,
    severity: 'error',
    message: problem.hint === undefined ? `${kind}: ${problem.message}` : `${kind}: ${problem.message} Hint: ${problem.hint}`,
    renderMessage: () => {
      const box = document.createElement('div');
      const label = document.createElement('div');
      label.className = 'cm-problem-kind';
      const columns = problem.endLine === problem.line && problem.endColumn > problem.column + 1 ? `columns ${problem.column}–${problem.endColumn - 1}` : `column ${problem.column}`;
      label.textContent = `${kind} · line ${problem.line}, ${columns}`;
      const message = document.createElement('div');
      message.className = 'cm-problem-message';
      message.textContent = problem.message;
      box.append(label, message);
      if (problem.hint !== undefined) {
        const hint = document.createElement('div');
        hint.className = 'cm-problem-hint';
        hint.textContent = `Hint: ${problem.hint}`;
        box.append(hint);
      }
      const more = alsoOnLine.get(diagnostic) ?? 0;
      if (more > 0) {
        const note = document.createElement('div');
        note.className = 'cm-problem-hint';
        note.textContent = `…and ${more} more pasted character${more === 1 ? '' : 's'} on this line, which the button fixes too.`;
        box.append(note);
      }
      return box;
    },
  };
  if (typography > 0 && touchesTypography(source, from, to)) diagnostic.actions = [{ name: `${STRAIGHTEN_LABEL} (${typography})`, apply: (view) => void straightenTypography(view) }];
  data.set(diagnostic, problem);
  return diagnostic;
}

/** The problems as they stand in `state` (positions follow the edits made since the check). */
export function currentProblems(state: EditorState): EditorProblem[] {
  const problems: EditorProblem[] = [];
  forEachDiagnostic(state, (diagnostic, from) => {
    const original = data.get(diagnostic);
    if (original === undefined) return;
    const line = state.doc.lineAt(from);
    const problem: EditorProblem = {
      kind: original.kind,
      line: line.number,
      column: [...line.text.slice(0, from - line.from)].length + 1,
      from,
      message: original.message,
      typographic: diagnostic.actions !== undefined && diagnostic.actions.length > 0,
    };
    if (original.hint !== undefined) problem.hint = original.hint;
    problems.push(problem);
  });
  return problems.sort((a, b) => a.from - b.from);
}

export function problemsExtension(options: ProblemsOptions): Extension {
  return [
    lintGutter({ hoverTime: 150, tooltipFilter: oneTypographicPerTooltip }),
    linter(
      async (view) => {
        const source = view.state.doc.toString();
        if (source.length > options.liveLimit) return [];
        const result = await options.checker.check(source, options.file());
        if (result === null) return [];
        performance.measure('loopscope:check', { start: performance.now() - result.ms, duration: result.ms });
        const typography = result.problems.length === 0 ? 0 : typographyFixes(source).length;
        return mergeRepeats(result.problems).map((problem) => toDiagnostic(source, problem, typography));
      },
      { delay: options.delay, tooltipFilter: oneTypographicPerTooltip },
    ),
    EditorView.updateListener.of((update) => {
      const linted = update.transactions.some((tr) => tr.effects.some((effect) => effect.is(setDiagnosticsEffect)));
      if (linted || update.docChanged) options.onProblems(currentProblems(update.state));
    }),
  ];
}
