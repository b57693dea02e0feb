/**
 * Whether a key belongs to something the person is typing in (the code editor, a text field, a
 * select), so the page's shortcuts leave it alone. A range input (the step slider) is not typing.
 */
export function isTypingTarget(event: Event): boolean {
  // The real target: a key typed in the code editor comes from inside its shadow root.
  const target = (event.composedPath()[0] ?? event.target) as HTMLElement | null;
  if (target === null || !(target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName ?? ''))) return false;
  return !(target instanceof HTMLInputElement && target.type === 'range');
}
