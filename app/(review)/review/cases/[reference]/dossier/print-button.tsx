'use client';

/** Opens the browser's print dialog (print to paper or to PDF). */
export function PrintButton() {
  return (
    <button type="button" className="btn-secondary" onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
