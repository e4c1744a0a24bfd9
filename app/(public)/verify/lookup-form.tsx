/** Looks a seal up by its id or by a domain; a plain GET form, so it works without JavaScript. */
export function SealLookupForm({ defaultValue = '', problem, idPrefix = 'lookup' }: { defaultValue?: string; problem?: string; idPrefix?: string }) {
  const id = `${idPrefix}-q`;
  return (
    <form method="get" action="/verify" role="search" aria-label="Look up a seal" className="card max-w-xl">
      <label htmlFor={id} className="field-label">
        Seal id or domain
      </label>
      <p id={`${id}-hint`} className="mb-1 text-sm text-slate-600">
        The id is printed on the badge, like OS-7KQ2-9XF4. Or type the site’s address, like example.com.
      </p>
      <div className="flex flex-wrap gap-2">
        <input
          id={id}
          name="q"
          type="search"
          required
          maxLength={300}
          defaultValue={defaultValue}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
          className="field-input max-w-sm flex-1"
        />
        <button type="submit" className="btn">
          Look up
        </button>
      </div>
      {problem && (
        <p id={`${id}-error`} role="alert" className="field-error">
          {problem}
        </p>
      )}
    </form>
  );
}
