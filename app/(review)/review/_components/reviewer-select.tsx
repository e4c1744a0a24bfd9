/** The reviewers to give an application or a case to; nothing is chosen until the admin picks one. */
export function ReviewerSelect({ id, name, reviewers, current, className = '' }: { id: string; name: string; reviewers: Array<{ id: string; name: string }>; current: string | null; className?: string }) {
  return (
    <select id={id} name={name} defaultValue={current ?? ''} className={`rounded border border-slate-400 px-2 py-1 ${className}`.trim()}>
      <option value="" disabled>
        Choose a reviewer
      </option>
      {reviewers.map((reviewer) => (
        <option key={reviewer.id} value={reviewer.id}>
          {reviewer.name}
        </option>
      ))}
    </select>
  );
}
