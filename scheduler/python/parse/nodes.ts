/** Helpers for reading Lezer's tree, shared by the error pass and the converter. */
import type { SyntaxNode } from '@lezer/common';

/** Children of a Lezer node, minus comments (skipped tokens that show up anywhere) and the
 *  benign error nodes already vetted by firstTreeProblem. */
export function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Comment' || c.type.isError) continue;
    out.push(c);
  }
  return out;
}

/** Splits a comma-separated run of children into items. */
export function splitCommas(nodes: SyntaxNode[]): { items: SyntaxNode[][]; trailingComma: boolean } {
  const items: SyntaxNode[][] = [];
  let cur: SyntaxNode[] = [];
  let trailingComma = false;
  for (const n of nodes) {
    if (n.name === ',') {
      items.push(cur);
      cur = [];
      trailingComma = true;
    } else {
      cur.push(n);
      trailingComma = false;
    }
  }
  if (cur.length > 0) items.push(cur);
  return { items, trailingComma };
}
