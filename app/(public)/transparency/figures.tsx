import { publicCountText } from '@/lib/transparency/small-counts';

/** A duration of the report in words; null when nothing in the period had one. */
export const daysText = (value: number | null) => (value === null ? 'nothing decided in the period' : `${value.toLocaleString('en')} ${value === 1 ? 'day' : 'days'}`);

/** One figure of the report: its label and its exact count (shown through the small-count rule). */
export type Figure = { label: string; count: number };

/** A table of figures, the text every chart on the page stands beside. */
export function FigureTable({ caption, figures, testId }: { caption: string; figures: Figure[]; testId?: string }) {
  return (
    <table className="w-full max-w-md text-sm" data-testid={testId}>
      <caption className="text-left font-medium">{caption}</caption>
      <tbody>
        {figures.map((figure) => (
          <tr key={figure.label} className="border-b border-slate-200">
            <th scope="row" className="py-1 pr-4 text-left font-normal">
              {figure.label}
            </th>
            <td className="py-1 text-right tabular-nums">{publicCountText(figure.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const WIDTH = 320;
const ROW = 22;
const LABEL = 150;

/**
 * Horizontal bars, drawn on the server as SVG (no script, no inline style: the page's CSP allows
 * neither). A withheld count (1 to 4) draws no bar and says "fewer than 5". The chart is marked as
 * an image whose name points to the table beside it, which holds the same figures in text.
 */
export function BarChart({ title, figures }: { title: string; figures: Figure[] }) {
  const shown = figures.map((figure) => ({ ...figure, text: publicCountText(figure.count), withheld: figure.count > 0 && figure.count < 5 }));
  const max = Math.max(1, ...shown.filter((figure) => !figure.withheld).map((figure) => figure.count));
  const height = shown.length * ROW + 4;
  return (
    <svg role="img" aria-label={`${title}: a bar chart of the table beside it`} viewBox={`0 0 ${WIDTH + LABEL + 90} ${height}`} className="w-full max-w-xl" focusable="false">
      {shown.map((figure, index) => {
        const y = index * ROW + 2;
        const barWidth = figure.withheld ? 0 : Math.round((figure.count / max) * WIDTH);
        return (
          <g key={figure.label}>
            <text x={LABEL - 6} y={y + 15} textAnchor="end" fontSize="12" fill="#334155">
              {figure.label.length > 24 ? `${figure.label.slice(0, 23)}…` : figure.label}
            </text>
            <rect x={LABEL} y={y + 3} width={barWidth} height={ROW - 8} fill="#1d4ed8" />
            <text x={LABEL + barWidth + 6} y={y + 15} fontSize="12" fill="#0f172a">
              {figure.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A section's breakdown: the table, and the chart of it beside. */
export function Breakdown({ caption, figures, testId }: { caption: string; figures: Figure[]; testId?: string }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <FigureTable caption={caption} figures={figures} testId={testId} />
      <BarChart title={caption} figures={figures} />
    </div>
  );
}
