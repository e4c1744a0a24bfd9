import type { Metadata } from 'next';
import Link from '@/components/link';
import { requirementLabel } from '@/lib/programs/criterion';
import { ChangeNoteForm, DiscardForm, PublishForm, RemoveCriterionForm } from '../../_components/draft-forms';
import { loadDraft } from './load-draft';

type Props = { params: Promise<{ programSlug: string }>; searchParams: Promise<{ added?: string | string[] }> };

export const metadata: Metadata = { title: 'Draft criteria' };

export default async function DraftPage({ params, searchParams }: Props) {
  const { programSlug } = await params;
  const { program, draft } = await loadDraft(programSlug, `/review/programs/${programSlug}/draft`);
  if (!draft) {
    return (
      <div className="space-y-4">
        <h1>{program.name}: no draft</h1>
        <p>
          No version of {program.name} is being drafted. <Link href="/review/programs">Start one from the programs page</Link>.
        </p>
      </div>
    );
  }
  const added = (await searchParams).added;
  const addedCriterion = typeof added === 'string' ? draft.criteria.find((criterion) => criterion.code === added) : undefined;
  const ids = { programSlug: program.slug, criteriaVersionId: draft.id, version: draft.version };

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/review/programs">Programs and criteria</Link>
        </p>
        <h1>
          {program.name}: draft version {draft.version}
        </h1>
        <p className="max-w-prose">
          {draft.version > 1 ? `Started as a copy of version ${draft.version - 1}.` : 'The first version of this program.'} Nothing here is public until it is published; applications keep using the current version meanwhile.
        </p>
      </div>
      {addedCriterion && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          Added “{addedCriterion.title}”.
        </p>
      )}
      <section aria-labelledby="criteria-heading">
        <h2 id="criteria-heading">Criteria ({draft.criteria.length})</h2>
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2">#</th>
              <th scope="col">Title</th>
              <th scope="col">Code</th>
              <th scope="col">Requirement</th>
              <th scope="col">Commitments</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {draft.criteria.map((criterion, index) => (
              <tr key={criterion.code} className="border-b border-slate-200 align-top [&>td]:py-2" data-testid={`draft-criterion-${criterion.code}`}>
                <td>{index + 1}</td>
                <td>{criterion.title}</td>
                <td>
                  <code>{criterion.code}</code>
                </td>
                <td>{requirementLabel[criterion.requirement]}</td>
                <td>{criterion.commitments.length}</td>
                <td>
                  <div className="flex flex-wrap gap-2">
                    <Link href={`/review/programs/${program.slug}/draft/criteria/${criterion.code}`} className="btn-secondary" aria-label={`Edit ${criterion.title}`}>
                      Edit
                    </Link>
                    <RemoveCriterionForm {...ids} code={criterion.code} title={criterion.title} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-4">
          <Link href={`/review/programs/${program.slug}/draft/new-criterion`} className="btn-secondary">
            Add a criterion
          </Link>
        </p>
      </section>
      <ChangeNoteForm {...ids} changeNote={draft.changeNote} />
      <PublishForm {...ids} changeNote={draft.changeNote} />
      <DiscardForm {...ids} />
    </div>
  );
}
