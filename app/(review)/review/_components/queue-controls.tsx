import Link from '@/components/link';
import type { ReactNode } from 'react';

/** A queue's counts in one line ("Awaiting response: 3  Overdue: 1", or "1,000+" past a list's cap). */
export function CountsStrip({ label, testId, counts }: { label: string; testId: string; counts: readonly { label: string; value: number | string }[] }) {
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm" aria-label={label} data-testid={testId}>
      {counts.map((count) => (
        <div key={count.label} className="flex gap-1">
          <dt>{count.label}:</dt>
          <dd className="font-semibold">{count.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A queue's filters: a GET form, so a filtered queue is a link a reviewer can keep or share. */
export function FilterBar({ label, clearHref, children }: { label: string; clearHref: string; children: ReactNode }) {
  return (
    <form method="get" className="card flex flex-wrap items-end gap-4 text-sm" aria-label={label}>
      {children}
      <button type="submit" className="btn-secondary">
        Filter
      </button>
      <Link href={clearHref}>Clear filters</Link>
    </form>
  );
}

type FilterSelectProps = {
  name: string;
  label: string;
  /** The first option, the one that does not filter ("All kinds"). */
  anyLabel: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
};

export function FilterSelect({ name, label, anyLabel, value, options }: FilterSelectProps) {
  return (
    <label className="flex flex-col">
      {label}
      <select name={name} defaultValue={value ?? ''} className="field-input">
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A list's text filter: a search box in the filter form. */
export function SearchField({ label, value }: { label: string; value: string | undefined }) {
  return (
    <label className="flex flex-col">
      {label}
      <input type="search" name="q" maxLength={100} defaultValue={value ?? ''} className="field-input" />
    </label>
  );
}
