'use client';

import { useEffect } from 'react';

/** Names each data cell after its column's header, for the stacked cards that tables become on phones. */
function labelCells(root: ParentNode) {
  for (const table of root.querySelectorAll('table')) {
    const headers = [...(table.tHead?.rows[0]?.cells ?? [])].flatMap((cell) => Array.from({ length: cell.colSpan }, () => cell.textContent?.trim() ?? ''));
    if (headers.length === 0) continue;
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const label = headers[column];
          // A cell across the whole row (an empty list's message) needs no label.
          if (label && cell.colSpan < headers.length && cell.dataset.label !== label) cell.dataset.label = label;
          column += cell.colSpan;
        }
      }
    }
  }
}

/**
 * Below 640 px every table of the main content is a stack of cards, one per row (app/globals.css,
 * "Tables on phones"): the column headers are hidden, so each cell gets its header's name as a
 * `data-label` that the stylesheet prints above it. One component in the root layout does it for
 * every table, and again when a client-side navigation or a refresh brings new rows. Without
 * JavaScript the cards are the same, without the names.
 */
export function TableCardLabels() {
  useEffect(() => {
    const main = document.getElementById('main');
    if (!main) return;
    labelCells(main);
    // Labelling sets attributes only; the observer watches added rows, so it never wakes itself.
    const observer = new MutationObserver(() => labelCells(main));
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return null;
}
