import type { Metadata } from 'next';
import Link from '@/components/link';
import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime';
import { listPrograms } from '@/lib/programs/queries';

export const metadata: Metadata = { title: 'Seal programs' };

export default async function ProgramsPage() {
  await connection(); // read at request time: `next build` has no database
  const { db } = await getRuntime();
  const programs = await listPrograms(db);
  return (
    <div className="space-y-6">
      <h1>Seal programs</h1>
      <p className="max-w-prose">
        Each program publishes the criteria a website is assessed against. Criteria are versioned: a seal names the version it was granted under, and
        earlier versions stay readable here.
      </p>
      {programs.length === 0 ? (
        <p>No program has published criteria yet.</p>
      ) : (
        <ul className="space-y-4">
          {programs.map((program) => (
            <li key={program.slug} className="card">
              <h2 className="mt-0">
                <Link href={`/programs/${program.slug}`}>{program.name}</Link>
              </h2>
              <p className="max-w-prose">{program.summary}</p>
              <p className="mt-2 text-sm text-slate-700">Current criteria: version {program.currentVersion}</p>
            </li>
          ))}
        </ul>
      )}
      <p className="text-sm">
        Also as JSON: <a href="/api/v1/programs">/api/v1/programs</a>
      </p>
    </div>
  );
}
