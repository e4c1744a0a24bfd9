import { publicCount, publicCountText } from '@/lib/transparency/small-counts';

/** A series of the monthly charts: its name, its colour and its count for each month, in order. */
export type MonthlySeries = { label: string; color: string; counts: number[] };

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2026-01" → "Jan 2026" */
export const monthLabel = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** The monthly figures as a table (a row per month, a column per series): the text beside each chart. */
export function MonthlyTable({ caption, months, series, testId }: { caption: string; months: string[]; series: MonthlySeries[]; testId?: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="text-sm" data-testid={testId}>
        <caption className="text-left font-medium">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-1 pr-4 text-left">
              Month
            </th>
            {series.map((one) => (
              <th key={one.label} scope="col" className="px-2 py-1 text-right">
                {one.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {months.map((month, index) => (
            <tr key={month} className="border-b border-slate-200">
              <th scope="row" className="py-1 pr-4 text-left font-normal whitespace-nowrap">
                {monthLabel(month)}
              </th>
              {series.map((one) => (
                <td key={one.label} className="px-2 py-1 text-right tabular-nums">
                  {publicCountText(one.counts[index] ?? 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const WIDTH = 640;
const PLOT = 180;
const TOP = 8;
const LEFT = 44;
const LEGEND_ROW = 18;

/**
 * Bars by month, the series stacked (parts of one whole, like the outcomes of decisions) or side by
 * side (separate figures, like complaints and cases), drawn on the server as SVG (no script, no inline style). A
 * withheld count (1 to 4) draws nothing, so a bar's height is the sum of the counts shown; the
 * table beside holds every figure in text, and the chart is an image named after it.
 */
export function MonthlyChart({ title, months, series, stacked }: { title: string; months: string[]; series: MonthlySeries[]; stacked: boolean }) {
  const shown = series.map((one) => ({ ...one, counts: months.map((_, index) => publicCount(one.counts[index] ?? 0) ?? 0) }));
  const heights = stacked ? months.map((_, index) => shown.reduce((sum, one) => sum + one.counts[index]!, 0)) : shown.flatMap((one) => one.counts);
  const max = Math.max(1, ...heights);
  const slot = (WIDTH - LEFT) / Math.max(1, months.length);
  const group = Math.max(2, slot * 0.7);
  const bar = stacked ? group : group / series.length;
  const every = Math.ceil(months.length / 12); // at most about 12 month labels
  const legendTop = TOP + PLOT + 24;
  const height = legendTop + Math.ceil(series.length / 3) * LEGEND_ROW + 4;
  return (
    <svg role="img" aria-label={`${title}: a bar chart by month of the table beside it`} viewBox={`0 0 ${WIDTH} ${height}`} className="w-full max-w-2xl" focusable="false">
      <line x1={LEFT} y1={TOP + PLOT} x2={WIDTH} y2={TOP + PLOT} stroke="#64748b" />
      <text x={LEFT - 6} y={TOP + 10} textAnchor="end" fontSize="11" fill="#334155">
        {max.toLocaleString('en')}
      </text>
      <text x={LEFT - 6} y={TOP + PLOT} textAnchor="end" fontSize="11" fill="#334155">
        0
      </text>
      {months.map((month, index) => {
        const x = LEFT + index * slot + (slot - group) / 2;
        let y = TOP + PLOT;
        return (
          <g key={month}>
            {shown.map((one, at) => {
              const h = (one.counts[index]! / max) * PLOT;
              y = stacked ? y - h : TOP + PLOT - h;
              return h > 0 ? <rect key={one.label} x={stacked ? x : x + at * bar} y={y} width={bar} height={h} fill={one.color} /> : null;
            })}
            {index % every === 0 && (
              <text x={x + group / 2} y={TOP + PLOT + 14} textAnchor="middle" fontSize="10" fill="#334155">
                {month.endsWith('-01') || index === 0 ? monthLabel(month) : MONTH_NAMES[Number(month.slice(5, 7)) - 1]}
              </text>
            )}
          </g>
        );
      })}
      {series.map((one, index) => {
        const x = LEFT + (index % 3) * 200;
        const y = legendTop + Math.floor(index / 3) * LEGEND_ROW;
        return (
          <g key={one.label}>
            <rect x={x} y={y} width={12} height={12} fill={one.color} />
            <text x={x + 16} y={y + 10} fontSize="11" fill="#0f172a">
              {one.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A monthly breakdown: its heading, the chart, and the table of it below. */
export function MonthlyBreakdown({ caption, months, series, stacked = false, testId }: { caption: string; months: string[]; series: MonthlySeries[]; stacked?: boolean; testId?: string }) {
  return (
    <div className="space-y-3">
      <h3>{caption}</h3>
      <MonthlyChart title={caption} months={months} series={series} stacked={stacked} />
      <MonthlyTable caption={caption} months={months} series={series} testId={testId} />
    </div>
  );
}
