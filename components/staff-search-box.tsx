/**
 * The staff search box: a plain GET form to /review/search, so it works without JavaScript and the
 * search is a link that can be shared. One box finds a seal id, a complaint or case reference, an
 * organization, a domain (or a pasted URL) or a person's email address, and opens the record when
 * exactly one matches (lib/services/search/search-records.ts).
 *
 * `label` names the box and its landmark: a page that shows a second box beside the layout's (the
 * search page itself) gives it another name, so that each `search` landmark is told apart.
 */
export function StaffSearchBox({
  defaultValue = '',
  label = 'Search records',
  id = 'staff-search-q',
  error,
}: {
  defaultValue?: string;
  label?: string;
  id?: string;
  /** The reason the last search was refused (empty, too long), shown above the field as GOV.UK does. */
  error?: string;
}) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <form action="/review/search" method="get" role="search" aria-label={label} className="flex flex-wrap items-end gap-2 text-sm">
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        <p id={hintId} className="sr-only">
          A seal id, a complaint or case reference, part of an organization’s name or a domain, or an email address.
        </p>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <input
          id={id}
          type="search"
          name="q"
          maxLength={200}
          defaultValue={defaultValue}
          placeholder="OS-…, C-…, K-…, name, domain or email"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          aria-invalid={error ? true : undefined}
          className="field-input"
        />
      </div>
      <button type="submit" className="btn-secondary">
        Search
      </button>
    </form>
  );
}
