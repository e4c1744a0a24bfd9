import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { requireMembership } from '@/lib/services/organizations/membership';
import { NotFoundError } from '@/lib/services/errors';
import { applicationsOfSites, membersOf, pendingInvitationsOf, sealsOfSites, sitesOf } from '@/lib/portal/queries';
import { SealSummary } from '@/components/seal-summary';
import { nowDate } from '@/lib/clock';

import { ActionButton } from '@/components/action-button';
import { ApplicationSummary, VerificationBadge } from '@/components/status';
import { organizationMemberAction, updateOrganizationAction } from '../../actions';
import { permittedRecordTitle } from '@/lib/page-titles';
import { countryName, countryOptions } from '@/lib/services/organizations/fields';
import { OrganizationForm } from '../new/organization-form';
import { AddSiteForm, InviteForm, PendingInvitations } from './forms';
import { ChangeOfControlDeclaration } from './change-of-control-form';
import { ApiKeysSection } from './api-keys-section';
import { listOrganizationApiKeys } from '@/lib/services/api-keys/list-api-keys';
import { formatDate, formatDateTime } from '@/lib/format/dates';
import { viewerTimeZone } from '@/components/date-time';

type Params = { params: Promise<{ organizationId: string }>; searchParams: Promise<{ created?: string; joined?: string; removed?: string }> };

export async function generateMetadata({ params }: Pick<Params, 'params'>): Promise<Metadata> {
  const { organizationId } = await params;
  const ctx = await getServiceContext();
  return { title: await permittedRecordTitle(async () => (await requireMembership(ctx.db, ctx.actor, organizationId)).organization.legalName) };
}

export default async function OrganizationPage({ params, searchParams }: Params) {
  const zone = await viewerTimeZone();
  const { organizationId } = await params;
  const flags = await searchParams;
  await requirePageActor(`/portal/organizations/${organizationId}`);
  const ctx = await getServiceContext();
  const access = await requireMembership(ctx.db, ctx.actor, organizationId).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { organization, role, actor } = access;
  const isOwner = role === 'owner';
  const [members, invitations, sites, apiKeys] = await Promise.all([
    membersOf(ctx.db, organization.id),
    isOwner ? pendingInvitationsOf(ctx.db, organization.id, nowDate(ctx.clock)) : [],
    sitesOf(ctx.db, organization.id, nowDate(ctx.clock)),
    listOrganizationApiKeys({ ctx, input: { organizationId: organization.id } }),
  ]);
  const [applications, seals] = await Promise.all([applicationsOfSites(ctx.db, sites.map((site) => site.id)), sealsOfSites(ctx.db, sites.map((site) => site.id))]);
  const now = nowDate(ctx.clock);

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-600">
          <Link href="/portal">Portal</Link> / Organization
        </p>
        <h1>{organization.legalName}</h1>
        {flags.created && <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm">The organization is created. Next: add the website you want certified.</p>}
        {flags.joined && <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm">Welcome: you are now a member of {organization.legalName}.</p>}
        {flags.removed && (
          <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm">
            The site is removed. Its domain is free: any organization may claim and prove it again, yours included.
          </p>
        )}
        <dl className="grid max-w-xl grid-cols-[10rem_1fr] gap-1 text-sm">
          <dt className="font-medium">Country</dt>
          <dd>{countryName(organization.country) ?? organization.country}</dd>
          <dt className="font-medium">Contact</dt>
          <dd>{organization.contactEmail}</dd>
          {organization.website && (
            <>
              <dt className="font-medium">Website</dt>
              <dd>{organization.website}</dd>
            </>
          )}
          <dt className="font-medium">Your role</dt>
          <dd>{isOwner ? 'Owner' : 'Member'}</dd>
        </dl>
        {isOwner && (
          <details className="mt-3 max-w-xl">
            <summary className="cursor-pointer font-medium">Edit the organization’s details</summary>
            <p className="my-2 text-sm text-slate-700">A new name or country shows at once wherever the public reads your seals: the verification page, the directory and the badge.</p>
            <OrganizationForm
              countries={countryOptions()}
              editing={{ organizationId: organization.id, action: updateOrganizationAction, details: { legalName: organization.legalName, country: organization.country, contactEmail: organization.contactEmail, website: organization.website } }}
            />
          </details>
        )}
        <p className="mt-2 text-sm">
          <Link href="/portal/cases">Cases</Link> — investigations of the seal program about your organizations, and what they expect of you.
        </p>
      </div>

      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        {sites.length === 0 ? (
          <p>No sites yet.</p>
        ) : (
          <ul className="space-y-3">
            {sites.map((site) => (
              <li key={site.id} className="card" data-testid={`site-${site.domain}`}>
                <p className="flex flex-wrap items-center gap-3">
                  <Link href={`/portal/sites/${site.id}`} className="text-lg font-semibold">
                    {site.domain}
                  </Link>
                  <VerificationBadge verified={!!site.verifiedAt} />
                  {!site.verifiedAt && site.claimLapsesAt && <span className="text-sm text-slate-600">Claim lapses on {formatDate(site.claimLapsesAt, zone)} unless proven.</span>}
                </p>
                <ul className="mt-2 text-sm">
                  {applications
                    .filter((application) => application.siteId === site.id)
                    .map((application) => (
                      <li key={application.id}>
                        <ApplicationSummary application={application} />
                      </li>
                    ))}
                </ul>
                {seals.filter((seal) => seal.siteId === site.id).length === 0 ? (
                  <p className="mt-1 text-sm text-slate-600">Seal: none yet.</p>
                ) : (
                  seals
                    .filter((seal) => seal.siteId === site.id)
                    .map((seal) => (
                      <p key={seal.id} className="mt-1 text-sm">
                        <SealSummary seal={seal} now={now} />
                      </p>
                    ))
                )}
              </li>
            ))}
          </ul>
        )}
        <h3 className="mt-4 font-semibold">Add a site</h3>
        <AddSiteForm organizationId={organization.id} />
      </section>

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b text-left">
              <th scope="col" className="py-2">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {isOwner && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.userId} className="border-b align-top [&>td]:py-2" data-testid={`member-${member.email}`}>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>{member.role === 'owner' ? 'Owner' : 'Member'}</td>
                {isOwner && (
                  <td className="space-x-2">
                    {member.userId !== actor.id && (
                      <>
                        <ActionButton action={organizationMemberAction} fields={{ intent: 'set-role', organizationId: organization.id, userId: member.userId, role: member.role === 'owner' ? 'member' : 'owner' }} label={member.role === 'owner' ? 'Make member' : 'Make owner'} ariaLabel={`${member.role === 'owner' ? 'Make member' : 'Make owner'}: ${member.email}`} />
                        {member.role === 'member' && (
                          <ActionButton action={organizationMemberAction} fields={{ intent: 'transfer', organizationId: organization.id, userId: member.userId }} label="Transfer ownership" ariaLabel={`Transfer ownership to ${member.email}`} confirm={`Hand ownership to ${member.email}? You will become a member.`} />
                        )}
                        <ActionButton action={organizationMemberAction} fields={{ intent: 'remove', organizationId: organization.id, userId: member.userId }} label="Remove" className="btn-danger" ariaLabel={`Remove ${member.email}`} confirm={`Remove ${member.email} from ${organization.legalName}?`} />
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-3">
          <ActionButton action={organizationMemberAction} fields={{ intent: 'leave', organizationId: organization.id }} label="Leave organization" className="btn-danger" confirm={`Leave ${organization.legalName}? You will lose access to its sites and applications.`} />
        </div>
      </section>

      <ChangeOfControlDeclaration organizationId={organization.id} legalName={organization.legalName} />

      {isOwner && (
        <section aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">Invite a colleague</h2>
          <InviteForm organizationId={organization.id} />
          <PendingInvitations organizationId={organization.id} invitations={invitations.map((invitation) => ({ id: invitation.id, email: invitation.email, expiresAt: formatDateTime(invitation.expiresAt, zone), expired: invitation.expiresAt <= now }))} />
        </section>
      )}

      <ApiKeysSection organizationId={organization.id} keys={apiKeys.keys} more={apiKeys.more} canManage={apiKeys.canManage} />

      <section aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhooks</h2>
        <p className="max-w-3xl text-sm text-slate-700">
          Have your own systems told at once when a seal’s status changes or a case is opened or decided: OpenSeal POSTs each event, signed, to the https addresses you register.{' '}
          <Link href={`/portal/organizations/${organization.id}/webhooks`}>{isOwner ? 'Manage the webhooks and read their delivery logs' : 'Read the webhooks and their delivery logs'}</Link>
        </p>
      </section>
    </div>
  );
}
