import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { organizationsOf } from '@/lib/portal/queries';
import { countryName } from '@/lib/services/organizations/fields';

export const metadata: Metadata = { title: 'Portal' };

export default async function PortalPage({ searchParams }: { searchParams: Promise<{ welcome?: string; left?: string }> }) {
  const actor = await requirePageActor('/portal');
  const { welcome, left } = await searchParams;
  const { db } = await getRuntime();
  const orgs = await organizationsOf(db, actor.id);

  return (
    <div>
      <h1>Portal</h1>
      {welcome && (
        <p role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          Welcome, {actor.name}. Your account is ready.
        </p>
      )}
      {left && (
        <p role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          You have left the organization.
        </p>
      )}
      <h2>Your organizations</h2>
      {orgs.length === 0 ? (
        <p className="mb-4 max-w-prose">
          You are not a member of any organization yet. Create one for the company that owns your website, or ask a colleague to invite you to theirs.
        </p>
      ) : (
        <ul className="mb-4 space-y-2">
          {orgs.map((org) => (
            <li key={org.id}>
              <Link href={`/portal/organizations/${org.id}`} className="font-medium">
                {org.legalName}
              </Link>{' '}
              <span className="text-sm text-slate-600">
                {countryName(org.country) ?? org.country} · {org.role === 'owner' ? 'owner' : 'member'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link href="/portal/organizations/new" className="btn">
        Create an organization
      </Link>
      {orgs.length > 0 && (
        <p className="mt-6">
          <Link href="/portal/cases">Cases</Link> — investigations of the seal program about your organizations, and what they expect of you.
        </p>
      )}
    </div>
  );
}
