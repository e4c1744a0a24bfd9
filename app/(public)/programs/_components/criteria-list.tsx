import type { Criterion } from '@/db/schema';
import { requirementLabel } from '@/lib/programs/criterion';

/** A version's criteria as an applicant or a visitor reads them. */
export function CriteriaList({ criteria }: { criteria: Criterion[] }) {
  return (
    <ol className="space-y-6">
      {criteria.map((criterion, index) => (
        <li key={criterion.code} id={criterion.code} className="card" data-testid={`criterion-${criterion.code}`}>
          <h3 id={`${criterion.code}-title`} className="mt-0 text-lg font-semibold">
            {index + 1}. {criterion.title}
          </h3>
          <p className="mb-3 text-sm text-slate-700">
            <span
              className={
                criterion.requirement === 'mandatory'
                  ? 'rounded bg-slate-900 px-2 py-0.5 font-medium text-white'
                  : 'rounded border border-slate-400 px-2 py-0.5 font-medium text-slate-800'
              }
            >
              {requirementLabel[criterion.requirement]}
            </span>{' '}
            <span className="ml-2">
              Criterion id: <code>{criterion.code}</code>
            </span>
          </p>
          <p className="max-w-prose">{criterion.guidance}</p>
          <dl className="mt-4 space-y-3">
            <div>
              <dt className="font-medium">The applicant answers</dt>
              <dd className="max-w-prose">{criterion.question}</dd>
            </div>
            <div>
              <dt className="font-medium">Evidence</dt>
              <dd className="max-w-prose">
                {criterion.evidencePrompt ? (
                  <>
                    {criterion.evidencePrompt} ({criterion.evidenceRequired ? 'required' : 'optional'})
                  </>
                ) : (
                  'None asked for.'
                )}
              </dd>
            </div>
            {criterion.commitments.length > 0 && (
              <div>
                <dt className="font-medium">The applicant affirms each of these commitments</dt>
                <dd>
                  <ul className="list-disc pl-6">
                    {criterion.commitments.map((commitment) => (
                      <li key={commitment} className="max-w-prose">
                        {commitment}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            )}
          </dl>
        </li>
      ))}
    </ol>
  );
}
