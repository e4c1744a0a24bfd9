import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { CriterionForm } from '../../../_components/criterion-form';
import { loadDraft } from '../load-draft';

type Props = { params: Promise<{ programSlug: string }> };

export const metadata: Metadata = { title: 'Add a criterion' };

export default async function NewCriterionPage({ params }: Props) {
  const { programSlug } = await params;
  const { program, draft } = await loadDraft(programSlug, `/review/programs/${programSlug}/draft/new-criterion`);
  if (!draft) notFound();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/review/programs/${program.slug}/draft`}>
          Back to draft version {draft.version} of {program.name}
        </Link>
      </p>
      <h1>
        {program.name}, draft version {draft.version}: new criterion
      </h1>
      <CriterionForm programSlug={program.slug} criteriaVersionId={draft.id} version={draft.version} />
    </div>
  );
}
