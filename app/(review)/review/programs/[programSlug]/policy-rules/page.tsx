import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { programs } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { PROGRAM_SLUG_PATTERN } from '@/lib/programs/criterion';
import { complaintCategoryLabels } from '@/lib/complaints/labels';
import { currentPolicyRuleSet, policyRuleSetHistory } from '@/lib/services/policies/policy-rules';
import { DateTime } from '@/components/date-time';
import { PolicyRulesForm } from '../../_components/policy-rules-form';

export const metadata: Metadata = { title: 'Policy monitoring rules' };

type Props = { params: Promise<{ programSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const Notice = z.object({ saved: z.coerce.number().int().positive().optional() });

/** An admin reads and edits the rules that make a policy change material (issue #16), and their versions. */
export default async function PolicyRulesPage({ params, searchParams }: Props) {
  const { programSlug } = await params;
  await requirePageActor(`/review/programs/${programSlug}/policy-rules`, 'admin');
  if (!PROGRAM_SLUG_PATTERN.test(programSlug)) notFound();
  const { db } = await getRuntime();
  const [program] = await db.select().from(programs).where(eq(programs.slug, programSlug)).limit(1);
  if (!program) notFound();
  const [current, history] = await Promise.all([currentPolicyRuleSet(db, program.id), policyRuleSetHistory(db, program.id)]);
  const notice = Notice.safeParse(await searchParams);
  const saved = notice.success ? notice.data.saved : undefined;

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/review/programs">Programs and criteria</Link>
        </p>
        <h1>{program.name}: policy monitoring rules</h1>
        <p className="max-w-prose">
          When the monitor finds a certified privacy policy changed, a change whose words — or the heading of the section they stand in — begin with one of a rule’s keywords is <strong>material</strong>:
          it opens a monitor complaint in the rule’s category (the first matching rule in this order decides), on the fast track if the rule says so. Any other change is editorial and waits for a
          reviewer on the <Link href="/review/policy-changes">policy changes</Link> list.
        </p>
      </div>
      {saved && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          Version {saved} is saved. Changes found from now on are classified by it; changes found before keep their classification.
        </p>
      )}
      <PolicyRulesForm key={current.version} programId={program.id} programName={program.name} version={current.version} rules={current.rules} />
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Versions</h2>
        <table className="w-full max-w-4xl border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Rules</th>
              <th scope="col">What changed and why</th>
            </tr>
          </thead>
          <tbody>
            {history.map((version) => (
              <tr key={version.version} className="border-b border-slate-200 align-top [&>td]:py-2">
                <td>Version {version.version}</td>
                <td>
                  <DateTime value={version.createdAt} />
                </td>
                <td>{version.createdBy ?? '—'}</td>
                <td>
                  <ul className="list-none p-0">
                    {version.rules.map((rule) => (
                      <li key={rule.id}>
                        {rule.label} <span className="text-slate-700">({complaintCategoryLabels[rule.category].split(' (')[0]}{rule.fastTrack ? ', fast track' : ''})</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="max-w-xs">{version.note || '—'}</td>
              </tr>
            ))}
            <tr className="align-top [&>td]:py-2">
              <td>Version 1</td>
              <td colSpan={4}>The defaults OpenSeal comes with{history.length === 0 ? ' (in use: no admin has saved a version yet)' : ''}.</td>
            </tr>
          </tbody>
        </table>
      </section>
    </div>
  );
}
