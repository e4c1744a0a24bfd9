import type { Persona } from '../tests/helpers/permission-personas';
import type { ActionDoor } from '../lib/auth/permissions';
import { actionDoor, hiddenFieldBefore, html, match, must, REF, SEAL_ID, UUID, type ActionAnswer, type Client, type FieldValue } from './permission-table-http';
import type { Staff, World } from './permission-table-world';
import { appealOn, decisionToAppeal, draftOf, freshDraft, invitationOfToysmart, keyEndpoint, keyHook, proposalOn, siteToRemove, staffApiKey, walkDeclaration, walkInvitation, walkTarget, worldApiKey, worldEndpoint, worldHook, worldInvitation } from './permission-table-records';

/**
 * How each action door is posted in the walk (e2e/permission-table.spec.ts): its form fields, and
 * which personas are sent. Every persona is sent: those the table refuses first, while the record
 * is as the door expects it, then those it allows, the admin first. Doors that would change the
 * shared demo world act on the walk's own world (e2e/permission-table-world.ts), where each allowed
 * persona gets a record of its own when one call uses the record up (its own application to decide,
 * its own case to decide, its own proposal to confirm). `allowedBy` limits the allowed personas
 * sent, where a rule narrower than the table's columns would refuse the others, and `why` says
 * which; `only: 'refused'` sends none of them, and `why` says why that cannot be arranged. Plans
 * run in this order: later ones use what earlier ones made.
 */
export type Plan = {
  door: ActionDoor;
  fields: (persona: Persona) => Record<string, FieldValue | FieldValue[]> | Promise<Record<string, FieldValue | FieldValue[]>>;
  only?: 'refused';
  allowedBy?: Persona[];
  why?: string;
  /** Each allowed call meets a record arranged for it, so it must succeed: no error even after the permission check. */
  succeeds?: true;
  /** What an allowed call answered, for the plans after it (a new record's id). */
  seen?: (persona: Persona, answer: ActionAnswer) => void;
  after?: () => Promise<void>;
};

/** What the plans read and write: the personas' clients, the records found or made by name, the walk's world. */
export type Walk = { client: (persona: Persona) => Client; records: Record<string, string>; world: World; run: string };

/** A change id no record has: the refused personas are stopped before it is looked up, or told it does not exist. */
const POLICY_CHANGE_ID = '00000000-0000-4000-8000-0000000000c1';
/** A delivery id no endpoint has, and a seal id no seal has (the alphabet of seal ids has no 0 or 1). */
const NO_DELIVERY_ID = '00000000-0000-4000-8000-0000000000d1';
const NO_SEAL_ID = 'OS-0000-0001';

export const NOTE = 'A note long enough for every verb that asks for one, written by the permission walk.';
export const DECISION_TEXTS = { reasonForSite: 'Your shop offered its customer list for sale, contrary to its policy.', summaryForComplainant: 'We upheld your complaint.' };
export const SAMPLE_PDF = { name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') };

/** The staff persona whose record a persona is sent with: its own if it is the reviewer or the admin, else the reviewer's. */
const staffOf = (persona: Persona): Staff => (persona === 'admin' ? 'admin' : 'reviewer');
/** The other one: who confirms the proposal of, or decides the appeal in the case of, `staff`. */
const otherThan = (staff: Staff): Staff => (staff === 'admin' ? 'reviewer' : 'admin');

export function plans(walk: Walk): Plan[] {
  const { records, world } = walk;
  const caseRef = () => records.reference!;
  const walkOrg = () => records.walkOrganizationId!;
  const W = world.organizationId;
  return [
    { door: actionDoor('signUpAction'), fields: () => ({ name: 'Nina Newcomer', email: `newcomer-${Date.now()}@e2e.example`, password: 'short' }), why: 'anyone may; a too-short password keeps the run from making accounts' },
    { door: actionDoor('signInAction'), fields: () => ({ email: `nobody-${Date.now()}@e2e.example`, password: 'not-the-password-1' }) },
    { door: actionDoor('markAllNotificationsReadAction'), fields: () => ({}) },
    {
      door: actionDoor('createOrganizationAction'),
      fields: (persona) => ({ legalName: `Walk shop of the ${persona} ${walk.run}`, country: 'US', contactEmail: 'privacy@walk.example', website: '' }),
      seen: (persona, answer) => {
        const id = match(answer.redirect, new RegExp(`/portal/organizations/(${UUID.source})`), `the ${persona}’s walk organization`);
        if (persona === 'outsider') {
          records.walkOrganizationId = id;
          records.walkOrganizationName = `Walk shop of the outsider ${walk.run}`;
        }
        records[`walkOrganization:${persona}`] = id;
      },
    },
    { door: actionDoor('inviteMemberAction'), fields: () => ({ organizationId: records.organizationId!, email: `invitee-${Date.now()}@e2e.example` }) },
    {
      door: actionDoor('organizationMemberAction', 'revoke-invitation'),
      fields: async () => ({ organizationId: records.organizationId!, invitationId: await invitationOfToysmart(walk) }),
    },
    // Everyone accepts an invitation of their own: to the outsider's walk organization, and the outsider to the member's.
    { door: actionDoor('acceptInvitationAction'), succeeds: true, fields: async (persona) => ({ token: await walkInvitation(walk, persona) }) },

    // The world's membership: the owner hands ownership to the spare applicant and gets it back from them,
    // makes the spare a member again, removes them; then members leave.
    {
      door: actionDoor('organizationMemberAction', 'transfer'), succeeds: true,
      fields: () => ({ organizationId: W, userId: world.spareUserId }),
      after: async () => {
        const ownerId = hiddenFieldBefore(await html(world.spare.request, `/portal/organizations/${W}`), 'userId', `Remove ${walk.client('owner').email}`);
        await must(world.spare, 'organizationMemberAction', { organizationId: W, userId: ownerId, role: 'owner' }, 'set-role');
      },
    },
    { door: actionDoor('organizationMemberAction', 'set-role'), succeeds: true, fields: () => ({ organizationId: W, userId: world.spareUserId, role: 'member' }) },
    { door: actionDoor('organizationMemberAction', 'remove'), succeeds: true, fields: () => ({ organizationId: W, userId: world.spareUserId }) },
    {
      door: actionDoor('organizationMemberAction', 'leave'), succeeds: true,
      fields: (persona) => ({ organizationId: persona === 'member' || persona === 'owner' ? walkOrg() : W }),
      why: 'the member and the owner leave the outsider’s walk organization, which they joined above (the refused personas are sent with the world, where they stand as to Toysmart): the world keeps its member, and its owner is not refused as its last owner',
    },

    { door: actionDoor('addSiteAction'), fields: () => ({ organizationId: records.organizationId!, domain: `walk-${Date.now()}.example` }) },
    // The world's details, sites and invitations, changed by its owner.
    {
      door: actionDoor('updateOrganizationAction'), succeeds: true,
      fields: () => ({ organizationId: W, legalName: world.name, country: 'US', contactEmail: `privacy-${walk.run}@world.example`, website: 'https://world.example' }),
      why: 'the owner changes the contact address and website; the name stays, as the other specs find the world by it',
    },
    {
      door: actionDoor('removeSiteAction'), succeeds: true,
      fields: async (persona) => ({ siteId: persona === 'owner' ? await siteToRemove(walk) : world.sealedSiteId }),
      why: 'the owner removes a site claimed for the purpose; the refused personas are sent the site the world’s seal covers (which no one could remove)',
    },
    { door: actionDoor('resendInvitationAction'), succeeds: true, fields: async (persona) => ({ organizationId: W, invitationId: await worldInvitation(walk, persona) }) },
    // The world's API keys (issue #17): its owner makes one and revokes it.
    { door: actionDoor('createOrganizationApiKeyAction'), succeeds: true, fields: () => ({ organizationId: W, name: `Walk key ${walk.run}`, scopes: ['seals:read', 'cases:read'], expiresOn: '' }) },
    { door: actionDoor('revokeOrganizationApiKeyAction'), succeeds: true, fields: async () => ({ organizationId: W, keyId: await worldApiKey(walk) }) },
    // The world's webhooks: its owner registers an endpoint (at a name that never resolves) and deletes it at once,
    // before the walk's own events could reach it; in between, enabling it (it is not disabled) and resending a
    // delivery it never had are refused after the permission check.
    { door: actionDoor('createOrganizationWebhookAction'), succeeds: true, fields: () => ({ organizationId: W, url: worldHook(walk), description: 'The permission walk', eventTypes: ['case.decided'] }) },
    { door: actionDoor('enableOrganizationWebhookAction'), fields: async () => ({ organizationId: W, endpointId: await worldEndpoint(walk) }) },
    { door: actionDoor('resendOrganizationWebhookAction'), fields: async () => ({ organizationId: W, endpointId: await worldEndpoint(walk), deliveryId: NO_DELIVERY_ID }) },
    { door: actionDoor('deleteOrganizationWebhookAction'), succeeds: true, fields: async () => ({ organizationId: W, endpointId: await worldEndpoint(walk) }) },
    // Toysmart's site is proven: the verb says so after the permission check, without a lookup.
    { door: actionDoor('verifySiteAction'), fields: () => ({ siteId: records.siteId!, method: 'dns' }) },
    // The site holds a seal: a new application is refused after the permission check.
    { door: actionDoor('startApplicationAction'), fields: () => ({ siteId: records.siteId!, programSlug: 'privacy-seal' }) },
    { door: actionDoor('saveApplicationAction'), fields: () => ({ applicationId: records.applicationId! }) },
    { door: actionDoor('saveApplicationAction', 'submit'), fields: () => ({ applicationId: records.applicationId! }), why: 'the blog draft is incomplete: submitting is refused after the permission check' },
    { door: actionDoor('attachPolicyAction'), fields: () => ({ applicationId: records.applicationId!, source: 'text', text: 'We never share your data. '.repeat(10) }) },
    { door: actionDoor('fileComplaintAction'), fields: () => ({ category: 'data_sale', sealId: records.sealId!, description: 'Too short', occurredOn: '2026-01-10' }), why: 'anyone may (the public filing before the walk was a real one); a too-short description keeps the address under its hourly limit' },

    // Reviewing the world's applications: the reviewer and the admin each claim, assess and decide their own.
    { door: actionDoor('claimAction'), succeeds: true, fields: (persona) => ({ applicationId: world.toApprove[staffOf(persona)] }) },
    { door: actionDoor('assignAction'), succeeds: true, fields: () => ({ applicationId: world.toApprove.reviewer, reviewerId: records.reviewerUserId! }) },
    {
      door: actionDoor('recordVerdictsAction'), succeeds: true,
      fields: (persona) => ({ applicationId: world.toApprove[staffOf(persona)], ...Object.fromEntries(world.codes.flatMap((code) => [[`verdict:${code}`, 'meets'], [`note:${code}`, '']])) }),
    },
    ...(
      [
        ['request-changes', world.toRequestChanges],
        ['reject', world.toReject],
        ['approve', world.toApprove],
      ] as const
    ).map(
      ([intent, applications]): Plan => ({
        door: actionDoor('decideAction', intent), succeeds: true,
        fields: (persona) => ({ applicationId: applications[staffOf(persona)], decision: intent, note: NOTE, reason: NOTE }),
        seen: intent === 'approve' ? (persona, answer) => void (records[`seal:${persona}`] = match(String(answer.state?.success ?? ''), new RegExp(`(${SEAL_ID.source})`), `the seal the ${persona} issued`)) : undefined,
      }),
    ),
    // The world's members: a draft of each on a site whose application was rejected; the seal issued before the walk.
    { door: actionDoor('withdrawApplicationAction'), succeeds: true, fields: async (persona) => ({ applicationId: await draftOf(walk, persona === 'owner' ? 'owner' : 'member') }) },
    { door: actionDoor('startRenewalAction'), fields: () => ({ sealId: world.sealId }), why: 'a seal issued today is not due: its members are told when renewal opens, after the permission check (no renewal is opened)' },
    {
      door: actionDoor('declareChangeOfControlAction'), succeeds: true,
      fields: (persona) => ({ organizationId: persona === 'owner' ? records['walkOrganization:owner']! : W, kind: 'bankruptcy', effectiveOn: '2026-06-09', counterparty: 'Trustee in bankruptcy', description: 'The company filed for bankruptcy.' }),
      why: 'one change-of-control case at a time per organization: the member declares for the world, the owner for the walk organization they founded above',
      seen: (persona, answer) => {
        if (persona === 'member') records.changeOfControlCase = match(answer.redirect, new RegExp(`/portal/cases/(${REF.source})`), 'the world’s change-of-control case');
      },
    },
    {
      door: actionDoor('declareConflictAction'),
      fields: () => ({ organizationId: walkOrg(), reason: 'My brother runs its marketing.' }),
      why: 'with the outsider’s walk organization, so nobody becomes conflicted with Toysmart',
    },
    { door: actionDoor('withdrawConflictAction'), fields: async (persona) => ({ declarationId: await walkDeclaration(walk, persona) }) },

    // The seal page: a suspension undone by the reinstatement after it.
    { door: actionDoor('sealLifecycleAction', 'suspend'), fields: () => ({ sealId: records.sealId!, reason: 'Under investigation by the permission walk.', reinstatementRequirements: 'Answer the complaint.' }) },
    { door: actionDoor('sealLifecycleAction', 'reinstate'), fields: () => ({ sealId: records.sealId! }) },

    // Policy changes (issue #16): the demo world watches no fetched policy, so there is no change to accept or explain over HTTP.
    ...(['acceptPolicyChangeAction', 'acceptPolicyChangesAction', 'explainPolicyChangeAction'] as const).map(
      (name): Plan => ({
        door: actionDoor(name),
        only: 'refused',
        fields: () => ({ changeId: POLICY_CHANGE_ID, changeIds: POLICY_CHANGE_ID, sealId: records.sealId!, siteId: POLICY_CHANGE_ID, note: NOTE, explanation: NOTE }),
        why: 'no seal of the demo world watches a fetched policy, so no change exists to accept or explain; the allowed side is called in tests/integration/permission-table.test.ts',
      }),
    ),

    // The walk's case about Toysmart (held by the demo reviewer) and complaints.
    { door: actionDoor('addInternalNoteAction'), fields: () => ({ caseRef: caseRef(), body: NOTE }) },
    { door: actionDoor('requestComplainantInfoAction'), fields: () => ({ caseRef: caseRef(), complaintRef: records.complaintReference!, body: 'Where did you see the advertisement?' }) },
    { door: actionDoor('replyAsComplainantAction'), fields: () => ({ token: records.token!, body: 'In the Boston Globe of 9 June.' }) },
    { door: actionDoor('sendNoticeAction'), fields: () => ({ caseRef: caseRef(), body: NOTE }), why: 'the notice was sent before the walk: a second one is refused after the permission check' },
    { door: actionDoor('sendSiteMessageAction'), succeeds: true, fields: () => ({ caseRef: caseRef(), body: 'A follow-up from the permission walk: please also send your deletion logs.' }) },
    {
      door: actionDoor('respondToCaseAction'),
      fields: () => ({ caseRef: caseRef(), body: 'We never sold anything; this is a mistake.', files: SAMPLE_PDF }),
    },
    { door: actionDoor('recordChecklistFindingAction'), succeeds: true, fields: () => ({ caseRef: records.changeOfControlCase!, item: 'customers_notified', finding: 'satisfied', evidence: 'Mail to all customers of 1 June.' }) },
    // Complaints about the world's seal: each of the reviewer and the admin logs one and opens its case.
    {
      door: actionDoor('logComplaintAction'), succeeds: true,
      fields: () => ({ category: 'data_sale', sealId: world.sealId, description: `A regulator reports that ${world.name} offers its customer list for sale.`, occurredOn: '2026-01-10', contactedCompany: 'no', source: 'regulator' }),
      seen: (persona, answer) => void (records[`logged:${persona}`] = match(answer.redirect, new RegExp(`/review/complaints/(${REF.source})`), `the complaint the ${persona} logged`)),
    },
    { door: actionDoor('openCaseAction'), succeeds: true, fields: (persona) => ({ complaintRef: records[`logged:${staffOf(persona)}`]! }) },
    { door: actionDoor('mergeIntoCaseAction'), fields: () => ({ complaintRef: records.complaintReference!, caseRef: records.adminCase! }) },
    { door: actionDoor('dismissComplaintAction'), fields: () => ({ complaint: records.complaintReference!, reason: 'spam', note: 'This advertises a product; it is not a complaint about the site.' }) },

    // Revocation with four eyes, on the seals the reviewer and the admin issued in the world: each proposes
    // on the seal page (which opens a case about the seal, held by the proposer), withdraws, proposes again on
    // the case page, and confirms the other's proposal.
    {
      door: actionDoor('sealLifecycleAction', 'propose-revocation'), succeeds: true,
      fields: (persona) => ({ sealId: records[`seal:${staffOf(persona)}`]!, revocationReason: 'fraud', statement: 'The shop sold its customer list.' }),
      seen: (persona, answer) => void (records[`authorityCase:${persona}`] = match(answer.redirect, new RegExp(`/review/cases/(${REF.source})`), `the case the ${persona}’s proposal opened`)),
    },
    { door: actionDoor('withdrawRevocationAction'), succeeds: true, fields: async (persona) => ({ decisionId: await proposalOn(walk, records[`authorityCase:${staffOf(persona)}`]!) }) },
    { door: actionDoor('proposeRevocationAction'), succeeds: true, fields: (persona) => ({ caseRef: records[`authorityCase:${staffOf(persona)}`]!, revocationReason: 'fraud', ...DECISION_TEXTS }) },
    { door: actionDoor('confirmRevocationAction'), succeeds: true, fields: async (persona) => ({ decisionId: await proposalOn(walk, records[`authorityCase:${otherThan(staffOf(persona))}`]!) }) },

    // The world's two complaint cases: each decided by its holder, appealed by the site, and the appeal
    // decided by the other, who took no part in that case.
    { door: actionDoor('decideCaseAction'), succeeds: true, fields: (persona) => ({ caseRef: world.caseHeldBy[staffOf(persona)], outcome: 'warning', ...DECISION_TEXTS }) },
    {
      door: actionDoor('fileAppealAction'), succeeds: true,
      fields: async (persona) => {
        const reference = world.caseHeldBy[persona === 'owner' ? 'admin' : 'reviewer'];
        return { caseRef: reference, decisionId: await decisionToAppeal(walk, persona === 'owner' ? 'owner' : 'member', reference), grounds: 'The decision ignores the deletion logs we sent.' };
      },
      why: 'the member appeals the reviewer’s decision, the owner the admin’s',
    },
    {
      door: actionDoor('decideAppealAction'), succeeds: true,
      fields: async (persona) => {
        const judge = staffOf(persona);
        return { appealId: await appealOn(walk, world.caseHeldBy[otherThan(judge)], judge), outcome: 'stands', note: NOTE };
      },
    },
    // With its appeal decided, each case may be closed by its holder.
    { door: actionDoor('closeCaseAction'), succeeds: true, fields: (persona) => ({ caseRef: world.caseHeldBy[staffOf(persona)] }) },
    { door: actionDoor('revokeOwnSealAction'), succeeds: true, fields: () => ({ sealId: world.sealId, reason: 'no_longer_wanted', statement: 'We closed the shop.', confirm: 'yes' }) },
    {
      door: actionDoor('assignCaseAction'), succeeds: true,
      fields: (persona) => (persona === 'admin' ? { caseRef: records['authorityCase:admin']!, assigneeId: records.reviewerUserId! } : { caseRef: records.changeOfControlCase!, assigneeId: '' }),
      why: 'a reviewer takes an unassigned case (the world’s change-of-control case); the admin hands the case they hold to the reviewer',
    },

    // Administration: the draft made before the walk, discarded last.
    { door: actionDoor('updateProgramSettingsAction'), fields: () => ({ programId: records.programId! }) },
    // Only the program is sent: an allowed call changes no template (left out, a template stays as it is).
    { door: actionDoor('updateNoticeTemplatesAction'), succeeds: true, fields: () => ({ programId: records.programId! }) },
    { door: actionDoor('updatePolicyRulesAction'), fields: () => ({ programId: records.programId!, baseVersion: '1', ruleCount: '0', note: 'Nothing sent.' }), why: 'no rule sent: refused after the permission check (a set keeps at least one rule)' },
    { door: actionDoor('startDraftAction'), fields: () => ({ programId: records.programId!, programSlug: 'privacy-seal' }), why: 'a draft is open: refused after the permission check' },
    { door: actionDoor('updateCriterionAction'), fields: () => ({ criteriaVersionId: records.criteriaVersionId!, code: 'NO-SUCH', programSlug: 'privacy-seal' }) },
    { door: actionDoor('addCriterionAction'), fields: () => ({ criteriaVersionId: records.criteriaVersionId!, code: '', programSlug: 'privacy-seal' }) },
    { door: actionDoor('removeCriterionAction'), fields: () => ({ criteriaVersionId: records.criteriaVersionId!, code: 'NO-SUCH', programSlug: 'privacy-seal' }) },
    { door: actionDoor('saveChangeNoteAction'), fields: () => ({ criteriaVersionId: records.criteriaVersionId!, changeNote: 'Clarified wording.', programSlug: 'privacy-seal' }) },
    { door: actionDoor('publishAction'), fields: () => ({ criteriaVersionId: records.criteriaVersionId!, changeNote: '', programSlug: 'privacy-seal' }), why: 'an empty change note is refused after the permission check' },
    {
      door: actionDoor('discardAction'), succeeds: true,
      fields: async (persona) => ({ criteriaVersionId: persona === 'conflictedAdmin' ? await freshDraft(walk) : records.criteriaVersionId!, programSlug: 'privacy-seal' }),
      why: 'the admin discards the draft made before the walk; the conflicted admin one the admin starts after it',
    },
    { door: actionDoor('createUserAction'), fields: (persona) => ({ name: 'Walk Target', email: `target-${persona.toLowerCase()}-${Date.now()}@e2e.example`, role: 'applicant', password: 'Walk-Target-Password-42' }) },
    { door: actionDoor('userAdminAction', 'disable'), fields: async () => ({ userId: await walkTarget(walk) }) },
    { door: actionDoor('userAdminAction', 'enable'), fields: async () => ({ userId: await walkTarget(walk) }) },
    { door: actionDoor('userAdminAction', 'change-role'), fields: async () => ({ userId: await walkTarget(walk), role: 'reviewer' }) },
    // Staff keys: each admin makes a relying party's key, then revokes their own.
    { door: actionDoor('createStaffApiKeyAction'), succeeds: true, fields: (persona) => ({ kind: 'relying_party', name: `Walk partner of the ${persona} ${walk.run}`, scopes: ['public:read'], expiresOn: '' }) },
    {
      door: actionDoor('revokeApiKeyAction'), succeeds: true,
      fields: async (persona) => ({ keyId: await staffApiKey(walk, persona === 'conflictedAdmin' ? 'conflictedAdmin' : 'admin') }),
      why: 'each admin revokes the key they made above; the refused personas are sent the admin’s',
    },
    // A relying party's webhooks (the key made before the walk): each admin registers an endpoint that follows a seal
    // that does not exist (so nothing is ever sent to it), and deletes their own; enabling one that is not disabled
    // and resending a delivery it never had are refused after the permission check.
    {
      door: actionDoor('createKeyWebhookAction'), succeeds: true,
      fields: (persona) => ({ keyId: records.keyId!, url: keyHook(walk, persona), description: '', eventTypes: ['seal.status_changed', 'seal.expired'], sealIds: NO_SEAL_ID }),
    },
    { door: actionDoor('enableKeyWebhookAction'), fields: async () => ({ keyId: records.keyId!, endpointId: await keyEndpoint(walk, 'admin') }) },
    { door: actionDoor('resendKeyWebhookAction'), fields: async () => ({ keyId: records.keyId!, endpointId: await keyEndpoint(walk, 'admin'), deliveryId: NO_DELIVERY_ID }) },
    {
      door: actionDoor('deleteKeyWebhookAction'), succeeds: true,
      fields: async (persona) => ({ keyId: records.keyId!, endpointId: await keyEndpoint(walk, persona === 'conflictedAdmin' ? 'conflictedAdmin' : 'admin') }),
      why: 'each admin deletes the endpoint they registered above; the refused personas are sent the admin’s',
    },
    // Accounts (issue #11). Token doors are anyone's: an empty token is refused as incomplete after the
    // permission check, for every persona alike. Own-account doors get bodies their verbs refuse as invalid,
    // so no persona's name, address, password or second factor changes.
    { door: actionDoor('requestPasswordResetAction'), fields: () => ({ email: 'not-an-address' }), why: 'anyone may; an invalid address keeps the per-client limit untouched' },
    { door: actionDoor('resetPasswordAction'), fields: () => ({ token: '', password: '' }) },
    { door: actionDoor('verifyEmailAction'), fields: () => ({ token: '' }) },
    { door: actionDoor('resendVerificationAction'), fields: () => ({}), why: 'every signed-in persona is verified: told so after the permission check' },
    { door: actionDoor('changeNameAction'), fields: () => ({ name: '' }) },
    { door: actionDoor('changeTimeZoneAction'), fields: () => ({ source: 'account', timeZone: 'Nowhere/Atlantis' }) },
    { door: actionDoor('requestEmailChangeAction'), fields: () => ({ email: 'not-an-address', currentPassword: '' }) },
    { door: actionDoor('changePasswordAction'), fields: () => ({ currentPassword: '', password: '' }) },
    { door: actionDoor('confirmSecondFactorAction'), fields: () => ({ code: '' }) },
    { door: actionDoor('disableSecondFactorAction'), fields: () => ({ proof: '' }) },
    { door: actionDoor('regenerateRecoveryCodesAction'), fields: () => ({ proof: '' }) },
    { door: actionDoor('startSecondFactorAction'), fields: () => ({}), why: 'starts an enrolment that stays off until a code confirms it' },
    { door: actionDoor('updateSignInPolicyAction'), fields: () => ({}), why: 'leaves the requirement off, as it is' },
    { door: actionDoor('sendPasswordResetLinkAction'), fields: async () => ({ userId: await walkTarget(walk) }) },
    { door: actionDoor('resendVerificationMailAction'), fields: async () => ({ userId: await walkTarget(walk) }), why: 'the walk target is verified: told so after the permission check' },
    { door: actionDoor('resetSecondFactorAction'), fields: async () => ({ userId: await walkTarget(walk) }) },
    // Last: it ends each persona's session.
    { door: actionDoor('signOutAction'), fields: () => ({}) },
  ];
}
