import type { Metadata } from 'next';
import Link from '@/components/link';
import { z } from 'zod';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { listProgramsForAdmin } from '@/lib/programs/admin-queries';
import { StartDraftForm } from './_components/draft-forms';
import { ProgramSettingsForm } from './_components/program-settings-form';
import { NoticeTemplatesForm } from './_components/notice-templates-form';
import { programNoticeTemplatesOf } from '@/lib/programs/notice-templates';
import { DateTime } from '@/components/date-time';

export const metadata: Metadata = { title: 'Programs and criteria' };

const Notice = z.object({
  program: z.string().max(100).optional(),
  published: z.coerce.number().int().positive().optional(),
  discarded: z.coerce.number().int().positive().optional(),
});


export default async function ReviewProgramsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageActor('/review/programs', 'admin');
  const notice = Notice.safeParse(await searchParams);
  const { db } = await getRuntime();
  const programs = await listProgramsForAdmin(db);
  // A program or two: one small read each.
  const templates = new Map(await Promise.all(programs.map(async (program) => [program.id, await programNoticeTemplatesOf(db, program.id)] as const)));
  const named = notice.success ? programs.find((program) => program.slug === notice.data.program) : undefined;

  return (
    <div className="space-y-8">
      <h1>Programs and criteria</h1>
      {named && notice.data?.published && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          Version {notice.data.published} of {named.name} is published: new applications are made under it.{' '}
          <Link href={`/programs/${named.slug}`}>See the public page</Link>.
        </p>
      )}
      {named && notice.data?.discarded && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          Draft version {notice.data.discarded} of {named.name} was discarded.
        </p>
      )}
      {programs.map((program) => {
        const draft = program.versions.find((version) => version.status === 'draft');
        const nextVersion = (program.versions[0]?.version ?? 0) + 1;
        return (
          <section key={program.id} aria-labelledby={`program-${program.slug}`} className="space-y-4" data-testid={`program-${program.slug}`}>
            <h2 id={`program-${program.slug}`}>{program.name}</h2>
            <p className="max-w-prose text-sm">
              {program.summary} Seals are valid {program.sealValidityMonths} months. <Link href={`/programs/${program.slug}`}>Public page</Link>
            </p>
            <table className="w-full max-w-3xl border-collapse text-sm">
              <caption className="mb-2 text-left font-semibold">Criteria versions of {program.name}</caption>
              <thead>
                <tr className="border-b border-slate-300 text-left">
                  <th scope="col" className="py-2">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">Published</th>
                  <th scope="col">Criteria</th>
                  <th scope="col">Change note</th>
                </tr>
              </thead>
              <tbody>
                {program.versions.map((version) => (
                  <tr key={version.id} className="border-b border-slate-200 align-top [&>td]:py-2">
                    <td>
                      {version.status === 'draft' ? (
                        <Link href={`/review/programs/${program.slug}/draft`}>Version {version.version}</Link>
                      ) : (
                        <Link href={`/programs/${program.slug}/versions/${version.version}`}>Version {version.version}</Link>
                      )}
                    </td>
                    <td>{version.status === 'draft' ? 'Draft' : 'Published'}</td>
                    <td>{version.publishedAt ? <DateTime value={version.publishedAt} style="date" /> : '—'}</td>
                    <td>{version.criteriaCount}</td>
                    <td className="max-w-xs">{version.changeNote || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {draft ? (
              <p>
                <Link href={`/review/programs/${program.slug}/draft`} className="btn">
                  Continue editing version {draft.version}
                </Link>
              </p>
            ) : (
              <StartDraftForm programId={program.id} programSlug={program.slug} programName={program.name} nextVersion={nextVersion} />
            )}
            <ProgramSettingsForm programId={program.id} programSlug={program.slug} programName={program.name} settings={program} />
            <p>
              <Link href={`/review/programs/${program.slug}/policy-rules`}>Policy monitoring rules of {program.name}</Link>: which changes to a certified privacy policy are material.
            </p>
            <NoticeTemplatesForm programId={program.id} programSlug={program.slug} programName={program.name} templates={templates.get(program.id)!} />
          </section>
        );
      })}
      {programs.length === 0 && <p>There is no program yet. The default program is created when the server starts.</p>}
    </div>
  );
}
