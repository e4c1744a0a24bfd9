import type { Browser, BrowserContext } from '@playwright/test';
import { startTxtServer } from './badge-fixtures';
import { newPerson, signUpApplicant } from './fixtures';
import { hiddenFieldBefore, html, match, must, REF, SEAL_ID, UUID, type Client } from './permission-table-http';

/**
 * The action walk's own world: an organization made for the walk, so every persona the permission
 * table lets through a door that would change the shared demo world (Toysmart, the review story's
 * application) can be sent there, and be answered "allowed" on a record in the right state.
 *
 * Built over HTTP as its people would build it, with the actions the walk itself checks: the demo
 * owner founds it; the demo member and a spare applicant (who takes the ownership hand-overs and a
 * removal) join by invitation; the walk's conflicted reviewer and conflicted admin declare a conflict
 * with it, so each persona stands to it as to Toysmart. Seven domains are proven by a DNS TXT record
 * (served here on the e2e DNS port) and applied for; each allowed persona gets its own application
 * to claim, assess and decide. One seal is issued before the walk, for two complaint cases — one
 * opened and held by the demo reviewer, one by the admin — so that each decider's decision can be
 * appealed and the appeal decided by the other, who took no part in that case.
 */

export type Staff = 'reviewer' | 'admin';

export type World = {
  organizationId: string;
  name: string;
  /** The applicant who joined to be handed ownership and removed. */
  spare: Client & { context: BrowserContext };
  spareUserId: string;
  /** Applications submitted for review, by what the walk does to them and who does it. */
  toApprove: Record<Staff, string>;
  toRequestChanges: Record<Staff, string>;
  toReject: Record<Staff, string>;
  /** The sites whose applications are rejected: free for a new draft afterwards. */
  rejectedSites: { member: string; owner: string };
  /** The seal issued before the walk, and the two complaint cases about it (held by the reviewer, by the admin). */
  sealId: string;
  /** The site the seal covers: a removal of it is refused while the seal runs. */
  sealedSiteId: string;
  caseHeldBy: Record<Staff, string>;
  /** The criteria codes of the program's current version (every application of the world has them). */
  codes: string[];
  close(): Promise<void>;
};

export const WORLD_POLICY = `We collect your name, postal address and email address to deliver your orders.
We never sell, rent or share your personal information with third parties without your consent.
If our business is sold or merged, your information passes only to a successor in the same line of business that is bound by this policy; material changes need your opt-in consent.`;

export type WorldPeople = { owner: Client; member: Client; reviewer: Client; admin: Client; conflictedReviewer: Client; conflictedAdmin: Client };

/** The criteria of an application as its portal form lists them: codes, which ask for evidence, the commitments to tick. */
function criteriaOf(page: string) {
  const codes = [...page.matchAll(/name="present:([^"]+)"/g)].map((m) => m[1]!);
  const withEvidence = new Set([...page.matchAll(/name="evidence:([^"]+)"/g)].map((m) => m[1]!));
  const commitments = [...page.matchAll(/name="commit:([^"]+)" value="(\d+)"/g)].map((m) => [m[1]!, m[2]!] as const);
  return { codes, withEvidence, commitments };
}

export async function buildWorld(browser: Browser, people: WorldPeople, run: string): Promise<World> {
  const txt = await startTxtServer();
  const { owner, member, reviewer, admin } = people;
  const name = `Walk world ${run}`;
  try {
    const founded = await must(owner, 'createOrganizationAction', { legalName: name, country: 'US', contactEmail: 'privacy@world.example', website: '' });
    const organizationId = match(founded.redirect, new RegExp(`/portal/organizations/(${UUID.source})`), 'the world organization');

    const spareContext = await browser.newContext();
    const spareUser = await signUpApplicant(await spareContext.newPage(), newPerson('spare'));
    const spare = { request: spareContext.request, email: spareUser.email, context: spareContext };
    for (const joiner of [member, spare]) {
      const invited = await must(owner, 'inviteMemberAction', { organizationId, email: joiner.email! });
      const token = match(String(invited.state?.secret ?? ''), /\/invitations\/([A-Za-z0-9_-]+)$/, `the invitation for ${joiner.email}`);
      await must(joiner, 'acceptInvitationAction', { token });
    }
    for (const conflicted of [people.conflictedReviewer, people.conflictedAdmin]) {
      await must(conflicted, 'declareConflictAction', { organizationId, reason: 'I advise its board.' });
    }
    const spareUserId = hiddenFieldBefore(await html(owner.request, `/portal/organizations/${organizationId}`), 'userId', `Remove ${spare.email}`);

    // Proven sites, each with an application submitted for review. Sites are claimed by two people:
    // claims are limited per person and day.
    let count = 0;
    const provenSite = async (claimant: Client) => {
      const domain = `world-${run}-${++count}.example`;
      const added = await must(claimant, 'addSiteAction', { organizationId, domain });
      const siteId = match(added.redirect, new RegExp(`/portal/sites/(${UUID.source})`), `the site ${domain}`);
      txt.publish(domain, match(await html(claimant.request, `/portal/sites/${siteId}`), /(openseal-verification=[A-Za-z0-9_-]+)/, `the TXT value for ${domain}`));
      await must(claimant, 'verifySiteAction', { siteId, method: 'dns' });
      return { siteId, domain };
    };
    const submitted = async (applicant: Client) => {
      const { siteId, domain } = await provenSite(applicant);
      const started = await must(applicant, 'startApplicationAction', { siteId, programSlug: 'privacy-seal' });
      const applicationId = match(started.redirect, new RegExp(`/portal/applications/(${UUID.source})`), `the application for ${domain}`);
      await must(applicant, 'attachPolicyAction', { applicationId, source: 'text', text: WORLD_POLICY });
      const { codes, withEvidence, commitments } = criteriaOf(await html(applicant.request, `/portal/applications/${applicationId}`));
      if (codes.length === 0) throw new Error(`no criteria on the application for ${domain}`);
      const fields: Record<string, string | string[]> = { applicationId };
      codes.forEach((code, i) => {
        fields[`present:${code}`] = '1';
        fields[`answer:${code}`] = `Our practice, described in our policy (item ${i + 1}).`;
        if (withEvidence.has(code)) fields[`evidence:${code}`] = `https://${domain}/privacy`;
      });
      for (const [code, index] of commitments) fields[`commit:${code}`] = [...((fields[`commit:${code}`] as string[] | undefined) ?? []), index];
      const sent = await must(applicant, 'saveApplicationAction', fields, 'submit');
      if (!sent.redirect.includes('submitted=1')) throw new Error(`the application for ${domain} was not submitted: ${sent.redirect}`);
      return { applicationId, siteId, codes };
    };
    const assessed = async (assessor: Client, applicationId: string, codes: string[], notMet = false) => {
      await must(assessor, 'claimAction', { applicationId });
      const verdicts: Record<string, string> = { applicationId };
      codes.forEach((code, i) => {
        verdicts[`verdict:${code}`] = notMet && i === 0 ? 'does_not_meet' : 'meets';
        verdicts[`note:${code}`] = notMet && i === 0 ? 'Say where the policy is linked from.' : '';
      });
      await must(assessor, 'recordVerdictsAction', verdicts);
    };

    const toApprove = { reviewer: (await submitted(owner)).applicationId, admin: (await submitted(owner)).applicationId };
    const changes = { reviewer: await submitted(owner), admin: await submitted(owner) };
    const rejects = { reviewer: await submitted(member), admin: await submitted(member) };
    for (const staff of ['reviewer', 'admin'] as const) {
      const assessor = staff === 'reviewer' ? reviewer : admin;
      await assessed(assessor, changes[staff].applicationId, changes[staff].codes, true);
      await assessed(assessor, rejects[staff].applicationId, rejects[staff].codes);
    }

    // The seal, issued by the admin, and a complaint case about it held by each of the two deciders.
    const sealed = await submitted(member);
    await assessed(admin, sealed.applicationId, sealed.codes);
    const approved = await must(admin, 'decideAction', { applicationId: sealed.applicationId, decision: 'approve' }, 'approve');
    const sealId = match(String(approved.state?.success ?? ''), new RegExp(`(${SEAL_ID.source})`), 'the world’s seal');
    const caseHeldBy = {} as Record<Staff, string>;
    for (const staff of ['reviewer', 'admin'] as const) {
      const holder = staff === 'reviewer' ? reviewer : admin;
      const logged = await must(holder, 'logComplaintAction', {
        category: 'data_sale',
        sealId,
        description: `A regulator reports that ${name} offers its customer list for sale (told to the ${staff}).`,
        occurredOn: '2026-01-10',
        contactedCompany: 'no',
        source: 'regulator',
      });
      const complaintRef = match(logged.redirect, new RegExp(`/review/complaints/(${REF.source})`), 'a complaint about the world');
      const opened = await must(holder, 'openCaseAction', { complaintRef });
      caseHeldBy[staff] = match(opened.redirect, new RegExp(`/review/cases/(${REF.source})`), `the ${staff}’s case`);
    }

    return {
      organizationId,
      name,
      spare,
      spareUserId,
      toApprove,
      toRequestChanges: { reviewer: changes.reviewer.applicationId, admin: changes.admin.applicationId },
      toReject: { reviewer: rejects.reviewer.applicationId, admin: rejects.admin.applicationId },
      rejectedSites: { member: rejects.reviewer.siteId, owner: rejects.admin.siteId },
      sealId,
      sealedSiteId: sealed.siteId,
      caseHeldBy,
      codes: sealed.codes,
      close: async () => {
        await spareContext.close();
        await txt.close();
      },
    };
  } catch (error) {
    await txt.close();
    throw error;
  }
}
