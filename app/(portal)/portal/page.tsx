import type { Metadata } from 'next';
import { eq } from 'drizzle-orm';
import { memberships, organizations } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';

export const metadata: Metadata = { title: 'Portal' };

export default async function PortalPage({ searchParams }: { searchParams: Promise<{ welcome?: string }> }) {
  const actor = await requirePageActor('/portal');
  const { welcome } = await searchParams;
  const { db } = await getRuntime();
  const orgs = await db
    .select({ id: organizations.id, legalName: organizations.legalName, country: organizations.country, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, actor.id))
    .orderBy(organizations.legalName);

  return (
    <div>
      <h1>Portal</h1>
      {welcome && (
        <p role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          Welcome, {actor.name}. Your account is ready.
        </p>
      )}
      <h2>Your organizations</h2>
      {orgs.length === 0 ? (
        <p>You are not a member of any organization yet.</p>
      ) : (
        <ul className="list-disc pl-6">
          {orgs.map((org) => (
            <li key={org.id}>
              {org.legalName} ({org.country}) — {org.role}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
