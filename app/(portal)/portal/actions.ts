'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { createOrganization } from '@/lib/services/organizations/create-organization';
import { updateOrganization } from '@/lib/services/organizations/update-organization';
import { resendInvitation } from '@/lib/services/organizations/resend-invitation';
import { inviteMember, revokeInvitation, acceptInvitation } from '@/lib/services/organizations/invitations';
import { leaveOrganization, removeMember, setMemberRole, transferOwnership } from '@/lib/services/organizations/members';
import { addSite } from '@/lib/services/sites/add-site';
import { verifySite } from '@/lib/services/sites/verify-site';
import { startApplication } from '@/lib/services/applications/start-application';
import { withdrawApplication } from '@/lib/services/applications/withdraw-application';
import { startRenewal } from '@/lib/services/seals/start-renewal';
import { publicOrigin } from '@/lib/server/public-origin';
import { formatDateTime } from '@/lib/format/dates';

export async function createOrganizationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const organization = await createOrganization({
      ctx: await getServiceContext(),
      input: { legalName: formText(formData, 'legalName'), country: formText(formData, 'country'), contactEmail: formText(formData, 'contactEmail'), website: formText(formData, 'website') },
    });
    redirect(`/portal/organizations/${organization.id}?created=1`);
  });
}

export async function updateOrganizationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { organization } = await updateOrganization({
      ctx: await getServiceContext(),
      input: { organizationId: formText(formData, 'organizationId'), legalName: formText(formData, 'legalName'), country: formText(formData, 'country'), contactEmail: formText(formData, 'contactEmail'), website: formText(formData, 'website') },
    });
    revalidatePath(`/portal/organizations/${organization.id}`);
    revalidatePath('/portal');
    return { success: `Saved: the details of ${organization.legalName} are updated.` };
  });
}

export async function inviteMemberAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const ctx = await getServiceContext();
    const { invitation, token } = await inviteMember({ ctx, input: { organizationId: formText(formData, 'organizationId'), email: formText(formData, 'email') } });
    revalidatePath(`/portal/organizations/${invitation.organizationId}`);
    return {
      success: `Invitation created for ${invitation.email}. Send them this link; it works once, for that address, until ${formatDateTime(invitation.expiresAt, ctx.actor?.timeZone)}.`,
      secret: `${await publicOrigin()}/invitations/${token}`,
      secretLabel: 'Invitation link (shown once; also mailed to them)',
    };
  });
}

export async function resendInvitationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const ctx = await getServiceContext();
    const { invitation, token } = await resendInvitation({ ctx, input: { organizationId: formText(formData, 'organizationId'), invitationId: formText(formData, 'invitationId') } });
    revalidatePath(`/portal/organizations/${invitation.organizationId}`);
    return {
      success: `A new invitation is mailed to ${invitation.email}; it works until ${formatDateTime(invitation.expiresAt, ctx.actor?.timeZone)}. The earlier link no longer works.`,
      secret: `${await publicOrigin()}/invitations/${token}`,
      secretLabel: 'New invitation link (shown once; also mailed to them)',
    };
  });
}

export async function organizationMemberAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const ctx = await getServiceContext();
    const organizationId = formText(formData, 'organizationId');
    const input = { organizationId, userId: formText(formData, 'userId'), role: formText(formData, 'role'), invitationId: formText(formData, 'invitationId') };
    switch (formText(formData, 'intent')) {
      case 'remove':
        await removeMember({ ctx, input });
        break;
      case 'set-role':
        await setMemberRole({ ctx, input });
        break;
      case 'transfer':
        await transferOwnership({ ctx, input });
        break;
      case 'revoke-invitation':
        await revokeInvitation({ ctx, input });
        break;
      case 'leave':
        await leaveOrganization({ ctx, input });
        redirect('/portal?left=1');
        break; // not reached: redirect throws
      default:
        return { error: 'Unknown action.' };
    }
    revalidatePath(`/portal/organizations/${organizationId}`);
    return { success: 'Saved.' };
  });
}

export async function acceptInvitationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { organizationId } = await acceptInvitation({ ctx: await getServiceContext(), input: { token: formText(formData, 'token') } });
    redirect(`/portal/organizations/${organizationId}?joined=1`);
  });
}

export async function addSiteAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const site = await addSite({ ctx: await getServiceContext(), input: { organizationId: formText(formData, 'organizationId'), domain: formText(formData, 'domain') } });
    redirect(`/portal/sites/${site.id}?added=1`);
  });
}

export async function verifySiteAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const siteId = formText(formData, 'siteId');
    const result = await verifySite({ ctx: await getServiceContext(), input: { siteId, method: formText(formData, 'method') } });
    revalidatePath(`/portal/sites/${siteId}`);
    return result.verified ? { success: `${result.domain} is verified. ${result.foundAt} You can now apply for a seal.` } : { error: `Not verified yet: ${result.problem}` };
  });
}

export async function startApplicationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const application = await startApplication({ ctx: await getServiceContext(), input: { siteId: formText(formData, 'siteId'), programSlug: formText(formData, 'programSlug') } });
    redirect(`/portal/applications/${application.id}`);
  });
}

export async function withdrawApplicationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const applicationId = formText(formData, 'applicationId');
    await withdrawApplication({ ctx: await getServiceContext(), input: { applicationId } });
    revalidatePath(`/portal/applications/${applicationId}`);
    return { success: 'The application is withdrawn.' };
  });
}

export async function startRenewalAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const application = await startRenewal({ ctx: await getServiceContext(), input: { sealId: formText(formData, 'sealId') } });
    redirect(`/portal/applications/${application.id}`);
  });
}
