import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { CriterionForm } from '../../../../_components/criterion-form';
import { loadDraft } from '../../load-draft';

type Props = { params: Promise<{ programSlug: string; code: string }> };

export const metadata: Metadata = { title: 'Edit a criterion' };

export default async function EditCriterionPage({ params }: Props) {
  const { programSlug, code } = await params;
  const { program, draft } = await loadDraft(programSlug, `/review/programs/${programSlug}/draft/criteria/${code}`);
  const criterion = draft?.criteria.find((candidate) => candidate.code === code);
  if (!draft || !criterion) notFound();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/review/programs/${program.slug}/draft`}>
          Back to draft version {draft.version} of {program.name}
        </Link>
      </p>
      <h1>
        {program.name}, draft version {draft.version}: {criterion.title}
      </h1>
      <CriterionForm programSlug={program.slug} criteriaVersionId={draft.id} version={draft.version} criterion={criterion} />
    </div>
  );
}
