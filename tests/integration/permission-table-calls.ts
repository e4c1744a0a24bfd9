import crypto from 'node:crypto';
import { conflictDeclarations } from '@/db/schema';
import { markNotificationsRead } from '@/lib/notifications/mark-notifications-read';
import { createOrganization } from '@/lib/services/organizations/create-organization';
import { updateOrganization } from '@/lib/services/organizations/update-organization';
import { resendInvitation } from '@/lib/services/organizations/resend-invitation';
import { removeSite } from '@/lib/services/sites/remove-site';
import { acceptInvitation, inviteMember, revokeInvitation } from '@/lib/services/organizations/invitations';
import { leaveOrganization, removeMember, setMemberRole, transferOwnership } from '@/lib/services/organizations/members';
import { addSite } from '@/lib/services/sites/add-site';
import { verifySite } from '@/lib/services/sites/verify-site';
import { startApplication } from '@/lib/services/applications/start-application';
import { withdrawApplication } from '@/lib/services/applications/withdraw-application';
import { saveApplication } from '@/lib/services/applications/save-application';
import { submitApplication } from '@/lib/services/applications/submit-application';
import { attachPolicy } from '@/lib/services/applications/attach-policy';
import { startRenewal } from '@/lib/services/seals/start-renewal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';
import { proposeSealRevocation } from '@/lib/services/cases/propose-seal-revocation';
import { acceptPolicyChanges, explainPolicyChange } from '@/lib/services/policies/policy-change-verbs';
import { listPolicyChanges } from '@/lib/services/policies/list-policy-changes';
import { seedPolicyChange } from '../helpers/policy-factories';
import { signUp } from '@/lib/services/users/sign-up';
import { createUser } from '@/lib/services/users/create-user';
import { changeUserRole } from '@/lib/services/users/change-user-role';
import { disableUser, enableUser } from '@/lib/services/users/set-user-disabled';
import { listUsers } from '@/lib/services/users/list-users';
import { listReviewQueue } from '@/lib/services/reviews/list-review-queue';
import { listComplaintsForReview } from '@/lib/services/complaints/list-complaints';
import { listCasesForReview } from '@/lib/services/cases/list-cases';
import { listSeals } from '@/lib/services/seals/list-seals';
import { readStaffDashboard } from '@/lib/services/reviews/read-staff-dashboard';
import { listAuditEvents } from '@/lib/services/audit/list-audit-events';
import { searchRecords } from '@/lib/services/search/search-records';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { fileAppeal } from '@/lib/services/cases/file-appeal';
import { sendSiteMessage } from '@/lib/services/cases/send-site-message';
import { declareChangeOfControl } from '@/lib/services/cases/declare-change-of-control';
import { replyAsComplainant } from '@/lib/services/cases/reply-as-complainant';
import { mergeComplaintIntoCase, openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { addInternalNote } from '@/lib/services/cases/add-internal-note';
import { requestComplainantInfo } from '@/lib/services/cases/request-complainant-info';
import { assignCase } from '@/lib/services/cases/assign-case';
import { recordChecklistFinding } from '@/lib/services/cases/record-checklist-finding';
import { decideCase } from '@/lib/services/cases/decide-case';
import { confirmRevocation, proposeRevocation, withdrawRevocationProposal } from '@/lib/services/cases/revocation-proposals';
import { decideAppeal } from '@/lib/services/cases/decide-appeal';
import { closeCase } from '@/lib/services/cases/close-case';
import { readCaseAttachmentForSite, listCasesForMember, readCaseForSite } from '@/lib/services/cases/read-case-for-site';
import { readCaseAttachment, readCaseForReview } from '@/lib/services/cases/read-case';
import { readCaseDossier } from '@/lib/cases/dossier';
import { fileComplaint } from '@/lib/services/complaints/file-complaint';
import { dismissComplaint } from '@/lib/services/complaints/dismiss-complaint';
import { logComplaint } from '@/lib/services/complaints/log-complaint';
import { readComplaintForReview } from '@/lib/services/complaints/read-complaint';
import { readEvidence } from '@/lib/services/complaints/read-evidence';
import { claimApplication, assignApplication } from '@/lib/services/reviews/claim';
import { recordVerdicts } from '@/lib/services/reviews/record-verdicts';
import { approveApplication, rejectApplication, requestChanges } from '@/lib/services/reviews/decide';
import { declareConflict, withdrawConflict } from '@/lib/services/reviews/conflicts';
import { updateProgramSettings } from '@/lib/services/programs/update-program-settings';
import { updateNoticeTemplates } from '@/lib/services/programs/update-notice-templates';
import { updatePolicyRules } from '@/lib/services/policies/update-policy-rules';
import { currentPolicyRuleSet } from '@/lib/services/policies/policy-rules';
import { createCriteriaDraft } from '@/lib/services/programs/create-criteria-draft';
import { updateDraftCriterion } from '@/lib/services/programs/update-draft-criterion';
import { addDraftCriterion } from '@/lib/services/programs/add-draft-criterion';
import { removeDraftCriterion } from '@/lib/services/programs/remove-draft-criterion';
import { updateDraftChangeNote } from '@/lib/services/programs/update-draft-change-note';
import { publishCriteriaVersion } from '@/lib/services/programs/publish-criteria-version';
import { discardCriteriaDraft } from '@/lib/services/programs/discard-criteria-draft';
import { startSecondFactorEnrolment } from '@/lib/services/second-factor/start-enrolment';
import { confirmSecondFactor } from '@/lib/services/second-factor/confirm-enrolment';
import { disableSecondFactor } from '@/lib/services/second-factor/disable';
import { regenerateRecoveryCodes } from '@/lib/services/second-factor/regenerate-recovery-codes';
import { resetSecondFactor } from '@/lib/services/second-factor/admin-reset';
import { updateSignInPolicy } from '@/lib/services/site-settings/update-sign-in-policy';
import { listOrganizationApiKeys } from '@/lib/services/api-keys/list-api-keys';
import { seedSecondFactor } from '../helpers/second-factor-factories';
import { endSessions } from '@/lib/services/users/end-sessions';
import { requestPasswordReset, resetPassword, sendPasswordResetLinkToUser } from '@/lib/services/users/password-reset';
import { resendVerification, resendVerificationToUser, verifyEmail } from '@/lib/services/users/email-verification';
import { issueUserToken } from '@/lib/services/users/user-tokens';
import { changeName } from '@/lib/services/users/change-name';
import { changeTimeZone } from '@/lib/services/users/change-time-zone';
import { requestEmailChange } from '@/lib/services/users/change-email';
import { changePassword } from '@/lib/services/users/change-password';
import { FACTORY_PASSWORD, seedUser } from '../helpers/factories';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { stageUpload } from '@/lib/services/uploads/stage-upload';
import { newUploadSecret } from '@/lib/uploads/upload-secrets';
import { publicFiling, uniqueAddress, uniqueEmail } from './complaints-fixtures';
import { allMeet } from './reviews-fixtures';
import type { World } from './permission-table-world';
import { INTEGRATOR_DOOR_CALLS } from './permission-table-calls-integrators';

/**
 * How the behaviour test calls each row's verb as a persona: the data is made first (as the
 * owner, Rita or the staff admin), then the persona makes the one call the door makes. Keyed like
 * the table's rows; a row without an entry here fails the test, so a new door needs a call too.
 */
export type DoorCall = (world: World) => Promise<unknown>;

const note = 'A note long enough for every verb that asks for one, written by the test.';
const decisionTexts = { reasonForSite: 'Your shop offered its customer list for sale, contrary to its policy.', summaryForComplainant: 'We upheld your complaint.' };

const PORTAL = 'app/(portal)/portal/actions.ts';
const FORM = 'app/(portal)/portal/applications/[applicationId]/actions.ts';
const REVIEW = 'app/(review)/review/applications/actions.ts';
const SEAL = 'app/(review)/review/seals/[sealId]/actions.ts';
const CASE_WORKFLOW = 'app/(review)/review/cases/[reference]/workflow-actions.ts';
const CASE_DECISIONS = 'app/(review)/review/cases/[reference]/decision-actions.ts';
const PROGRAMS = 'app/(review)/review/programs/actions.ts';
const USERS = 'app/(review)/review/users/actions.ts';

export const DOOR_CALLS: Record<string, DoorCall> = {
  // Keys and webhooks: tests/integration/permission-table-calls-integrators.ts.
  ...INTEGRATOR_DOOR_CALLS,
  'app/(public)/signup/actions.ts#signUpAction': (w) => signUp({ ctx: w.as, input: { name: 'Nina Newcomer', email: uniqueEmail('newcomer'), password: 'correct-horse-battery-staple-9' } }),
  'app/actions/sign-out.ts#signOutAction': (w) => endSessions({ ctx: w.as }),
  'app/(public)/forgot-password/actions.ts#requestPasswordResetAction': (w) => requestPasswordReset({ ctx: w.as, input: { email: uniqueEmail('forgetful'), clientAddress: `192.0.2.${crypto.randomInt(1, 255)}-${crypto.randomBytes(3).toString('hex')}` } }),
  'app/(public)/reset-password/[token]/actions.ts#resetPasswordAction': async (w) => {
    const user = await seedUser(w.db);
    const { token } = await w.db.transaction((tx) => issueUserToken(tx, { userId: user.id, purpose: 'password_reset', email: user.email, now: new Date() }));
    return resetPassword({ ctx: w.as, input: { token, password: 'quiet-harbour-lantern-52' } });
  },
  'app/(public)/verify-email/[token]/actions.ts#verifyEmailAction': async (w) => {
    const user = await seedUser(w.db, { unverified: true });
    const { token } = await w.db.transaction((tx) => issueUserToken(tx, { userId: user.id, purpose: 'email_verification', email: user.email, now: new Date() }));
    return verifyEmail({ ctx: w.as, input: { token } });
  },
  'app/actions/resend-verification.ts#resendVerificationAction': (w) => resendVerification({ ctx: w.as, input: { clientAddress: '192.0.2.10' } }),
  'app/(portal)/account/actions.ts#changeNameAction': (w) => changeName({ ctx: w.as, input: { name: w.personaUser?.name ?? 'Nobody' } }),
  'app/(portal)/account/actions.ts#changeTimeZoneAction': (w) => changeTimeZone({ ctx: w.as, input: { source: 'browser', timeZone: 'UTC' } }),
  'app/(portal)/account/actions.ts#requestEmailChangeAction': (w) => requestEmailChange({ ctx: w.as, input: { email: uniqueEmail('moved'), currentPassword: FACTORY_PASSWORD, clientAddress: '192.0.2.11' } }),
  'app/(portal)/account/actions.ts#changePasswordAction': (w) => changePassword({ ctx: w.as, input: { currentPassword: 'not-the-password', password: 'quiet-harbour-lantern-52' } }),
  'app/(review)/review/users/account-mail-actions.ts#sendPasswordResetLinkAction': async (w) => sendPasswordResetLinkToUser({ ctx: w.as, input: { userId: (await seedUser(w.db)).id } }),
  'app/(review)/review/users/account-mail-actions.ts#resendVerificationMailAction': async (w) => resendVerificationToUser({ ctx: w.as, input: { userId: (await seedUser(w.db, { unverified: true })).id } }),
  'app/(portal)/notifications/actions.ts#markAllNotificationsReadAction': (w) => markNotificationsRead({ ctx: w.as, input: {} }),

  [`${PORTAL}#createOrganizationAction`]: (w) => createOrganization({ ctx: w.as, input: { legalName: 'New Shop Ltd', country: 'US', contactEmail: 'privacy@new.example', website: '' } }),
  [`${PORTAL}#updateOrganizationAction`]: (w) => updateOrganization({ ctx: w.as, input: { organizationId: w.organization.id, legalName: 'Renamed Shop Ltd', country: 'US', contactEmail: 'privacy@renamed.example', website: '' } }),
  [`${PORTAL}#resendInvitationAction`]: async (w) => {
    const { invitation } = await inviteMember({ ctx: w.staff.owner, input: { organizationId: w.organization.id, email: uniqueEmail('invitee') } });
    return resendInvitation({ ctx: w.as, input: { organizationId: w.organization.id, invitationId: invitation.id } });
  },
  [`${PORTAL}#inviteMemberAction`]: (w) => inviteMember({ ctx: w.as, input: { organizationId: w.organization.id, email: uniqueEmail('invitee') } }),
  [`${PORTAL}#acceptInvitationAction`]: async (w) => {
    const { token } = await inviteMember({ ctx: w.staff.owner, input: { organizationId: w.organization.id, email: w.personaActor?.email ?? uniqueEmail('nobody') } });
    return acceptInvitation({ ctx: w.as, input: { token } });
  },
  [`${PORTAL}#organizationMemberAction:remove`]: async (w) => removeMember({ ctx: w.as, input: { organizationId: w.organization.id, userId: (await w.extraMember()).id } }),
  [`${PORTAL}#organizationMemberAction:set-role`]: async (w) => setMemberRole({ ctx: w.as, input: { organizationId: w.organization.id, userId: (await w.extraMember()).id, role: 'owner' } }),
  [`${PORTAL}#organizationMemberAction:transfer`]: async (w) => transferOwnership({ ctx: w.as, input: { organizationId: w.organization.id, userId: (await w.extraMember()).id } }),
  [`${PORTAL}#organizationMemberAction:revoke-invitation`]: async (w) => {
    const { invitation } = await inviteMember({ ctx: w.staff.owner, input: { organizationId: w.organization.id, email: uniqueEmail('invitee') } });
    return revokeInvitation({ ctx: w.as, input: { organizationId: w.organization.id, invitationId: invitation.id } });
  },
  [`${PORTAL}#organizationMemberAction:leave`]: (w) => leaveOrganization({ ctx: w.as, input: { organizationId: w.organization.id } }),
  'page app/(portal)/portal/organizations/[organizationId]/page.tsx': (w) => listOrganizationApiKeys({ ctx: w.as, input: { organizationId: w.organization.id } }),
  // Its query string (the endpoint whose log is shown, the cursor) is input to the same verb.
  [`${PORTAL}#addSiteAction`]: (w) => addSite({ ctx: w.as, input: { organizationId: w.organization.id, domain: `shop-${crypto.randomBytes(4).toString('hex')}.example` } }),
  // The site is already verified: the verb says so after the permission check, with no network lookup.
  [`${PORTAL}#verifySiteAction`]: (w) => verifySite({ ctx: w.as, input: { siteId: w.site.id, method: 'dns' } }),
  [`${PORTAL}#startApplicationAction`]: async (w) => startApplication({ ctx: w.as, input: { siteId: (await seedSite(w.db, w.organization.id)).id, programSlug: 'privacy-seal' } }),
  [`${PORTAL}#withdrawApplicationAction`]: async (w) => withdrawApplication({ ctx: w.as, input: { applicationId: (await w.draftApplication()).id } }),
  [`${PORTAL}#startRenewalAction`]: (w) => startRenewal({ ctx: w.as, input: { sealId: w.seal.publicId } }),
  [`${FORM}#saveApplicationAction`]: async (w) => saveApplication({ ctx: w.as, input: { applicationId: (await w.draftApplication()).id, answers: {} } }),
  [`${FORM}#saveApplicationAction:submit`]: async (w) => submitApplication({ ctx: w.as, input: { applicationId: (await w.draftApplication()).id } }),
  [`${FORM}#attachPolicyAction`]: async (w) => attachPolicy({ ctx: w.as, input: { applicationId: (await w.draftApplication()).id, source: 'text', text: 'We never share your data. '.repeat(10) } }),
  // A site no seal or application covers: the owner's removal succeeds.
  'app/(portal)/portal/sites/[siteId]/actions.ts#removeSiteAction': async (w) => removeSite({ ctx: w.as, input: { siteId: (await seedSite(w.db, w.organization.id)).id } }),
  'app/(portal)/portal/sites/[siteId]/actions.ts#revokeOwnSealAction': (w) => revokeSeal({ ctx: w.as, input: { sealId: w.seal.publicId, reason: 'no_longer_wanted', statement: 'We closed the shop.' } }),

  'app/(portal)/portal/cases/[reference]/actions.ts#respondToCaseAction': async (w) => respondToCase({ ctx: w.as, input: { caseRef: (await w.awaitingCase()).reference, body: 'We never sold anything; this is a mistake.' } }),
  'app/(portal)/portal/cases/[reference]/actions.ts#fileAppealAction': async (w) => {
    const { caseRow, decision } = await w.decidedCase();
    return fileAppeal({ ctx: w.as, input: { caseRef: caseRow.reference, decisionId: decision.id, grounds: 'The decision ignores the deletion logs we sent.' } });
  },
  'app/(portal)/portal/organizations/[organizationId]/change-of-control-actions.ts#declareChangeOfControlAction': (w) =>
    declareChangeOfControl({ ctx: w.as, input: { organizationId: w.organization.id, kind: 'bankruptcy', effectiveOn: '2026-06-09', counterparty: 'Trustee in bankruptcy', description: 'The company filed for bankruptcy.' } }),

  'app/(public)/complaints/new/actions.ts#fileComplaintAction': (w) => fileComplaint({ ctx: w.as, input: publicFiling({ sealId: w.seal.publicId }) }),
  'app/(public)/complaints/track/[token]/actions.ts#replyAsComplainantAction': async (w) => {
    const { trackingToken } = await w.openCase();
    return replyAsComplainant({ ctx: w.as, input: { token: trackingToken, body: 'Here is the advertisement I saw.' } });
  },

  [`${REVIEW}#claimAction`]: async (w) => claimApplication({ ctx: w.as, input: { applicationId: (await w.submittedApplication()).application.id } }),
  [`${REVIEW}#assignAction`]: async (w) => assignApplication({ ctx: w.as, input: { applicationId: (await w.submittedApplication()).application.id, reviewerId: w.cast.rita.id } }),
  [`${REVIEW}#recordVerdictsAction`]: async (w) => {
    const { application, criteria } = await w.submittedApplication();
    return recordVerdicts({ ctx: w.as, input: { applicationId: application.id, verdicts: allMeet(criteria) } });
  },
  [`${REVIEW}#decideAction:request-changes`]: async (w) => requestChanges({ ctx: w.as, input: { applicationId: (await w.submittedApplication()).application.id, note } }),
  [`${REVIEW}#decideAction:reject`]: async (w) => rejectApplication({ ctx: w.as, input: { applicationId: (await w.submittedApplication()).application.id, reason: note } }),
  [`${REVIEW}#decideAction:approve`]: async (w) => approveApplication({ ctx: w.as, input: { applicationId: (await w.submittedApplication()).application.id } }),
  'app/(review)/review/conflicts/actions.ts#declareConflictAction': (w) => declareConflict({ ctx: w.as, input: { organizationId: w.organization.id, reason: 'My brother runs its marketing.' } }),
  // Everyone tries to withdraw a declaration of their own (staff) or Rita's (others: refused by role first).
  'app/(review)/review/conflicts/actions.ts#withdrawConflictAction': async (w) => {
    const other = await seedOrganization(w.db, await seedUser(w.db));
    const reviewerId = w.personaUser && w.personaUser.role !== 'applicant' ? w.personaUser.id : w.cast.rita.id;
    const [declaration] = await w.db.insert(conflictDeclarations).values({ reviewerId, organizationId: other.id, reason: 'Former client.', declaredAt: new Date() }).returning();
    return withdrawConflict({ ctx: w.as, input: { declarationId: declaration!.id } });
  },

  [`${SEAL}#sealLifecycleAction:suspend`]: (w) => suspendSeal({ ctx: w.as, input: { sealId: w.seal.publicId, reason: 'Under investigation.', reinstatementRequirements: 'Answer the complaint.' } }),
  [`${SEAL}#sealLifecycleAction:reinstate`]: async (w) => {
    await suspendSeal({ ctx: w.staff.rita, input: { sealId: w.seal.publicId, reason: 'Under investigation.', reinstatementRequirements: 'Answer the complaint.' } });
    return reinstateSeal({ ctx: w.as, input: { sealId: w.seal.publicId } });
  },
  'app/(review)/review/seals/[sealId]/policy-actions.ts#acceptPolicyChangeAction': async (w) =>
    acceptPolicyChanges({ ctx: w.as, input: { changeIds: [(await seedPolicyChange(w.db, w.seal.id)).id], note: 'Only the wording changed.' } }),
  'app/(review)/review/policy-changes/actions.ts#acceptPolicyChangesAction': async (w) =>
    acceptPolicyChanges({ ctx: w.as, input: { changeIds: [(await seedPolicyChange(w.db, w.seal.id)).id], note: 'Only the wording changed.' } }),
  'app/(portal)/portal/sites/[siteId]/policy-actions.ts#explainPolicyChangeAction': async (w) =>
    explainPolicyChange({ ctx: w.as, input: { changeId: (await seedPolicyChange(w.db, w.seal.id)).id, explanation: 'We only reworded the collection sentence.' } }),
  'page app/(review)/review/policy-changes/page.tsx': (w) => listPolicyChanges({ ctx: w.as, input: { kind: 'all' } }),
  [`${SEAL}#sealLifecycleAction:propose-revocation`]: (w) => proposeSealRevocation({ ctx: w.as, input: { sealId: w.seal.publicId, revocationReason: 'fraud', statement: 'The shop sold its customer list.' } }),

  'app/(review)/review/complaints/actions.ts#dismissComplaintAction': async (w) =>
    dismissComplaint({ ctx: w.as, input: { complaint: (await w.complaint()).complaint.reference, reason: 'spam', note: 'This advertises a product; it is not a complaint about the site.' } }),
  'app/(review)/review/complaints/actions.ts#logComplaintAction': (w) => {
    const { clientAddress: _address, website: _website, shareIdentity: _share, ...fields } = publicFiling({ sealId: w.seal.publicId });
    return logComplaint({ ctx: w.as, input: { ...fields, source: 'regulator' } });
  },
  'app/(review)/review/complaints/[reference]/case-triage-actions.ts#openCaseAction': async (w) => openCaseFromComplaint({ ctx: w.as, input: { complaintRef: (await w.complaint()).complaint.reference } }),
  'app/(review)/review/complaints/[reference]/case-triage-actions.ts#mergeIntoCaseAction': async (w) => {
    const { caseRow } = await w.openCase();
    const second = await w.complaint();
    return mergeComplaintIntoCase({ ctx: w.as, input: { complaintRef: second.complaint.reference, caseRef: caseRow.reference } });
  },
  [`${CASE_WORKFLOW}#sendNoticeAction`]: async (w) => sendNotice({ ctx: w.as, input: { caseRef: (await w.openCase()).caseRow.reference, body: note } }),
  [`${CASE_WORKFLOW}#sendSiteMessageAction`]: async (w) => {
    const { caseRow } = await w.openCase();
    await sendNotice({ ctx: w.staff.rita, input: { caseRef: caseRow.reference, body: note } });
    return sendSiteMessage({ ctx: w.as, input: { caseRef: caseRow.reference, body: note } });
  },
  [`${CASE_WORKFLOW}#addInternalNoteAction`]: async (w) => addInternalNote({ ctx: w.as, input: { caseRef: (await w.openCase()).caseRow.reference, body: note } }),
  [`${CASE_WORKFLOW}#requestComplainantInfoAction`]: async (w) => {
    const { caseRow, complaint } = await w.openCase();
    return requestComplainantInfo({ ctx: w.as, input: { caseRef: caseRow.reference, complaintRef: complaint.reference, body: note } });
  },
  [`${CASE_WORKFLOW}#assignCaseAction`]: async (w) => {
    const caseRow = await w.awaitingCase();
    return assignCase({ ctx: w.as, input: { caseRef: caseRow.reference, assigneeId: '' } });
  },
  'app/(review)/review/cases/[reference]/change-of-control-actions.ts#recordChecklistFindingAction': async (w) =>
    recordChecklistFinding({ ctx: w.as, input: { caseRef: (await w.changeOfControlCase()).reference, item: 'customers_notified', finding: 'satisfied', evidence: 'Mail to all customers of 1 June.' } }),
  [`${CASE_DECISIONS}#decideCaseAction`]: async (w) => decideCase({ ctx: w.as, input: { caseRef: (await w.unassignedCase()).caseRow.reference, outcome: 'warning', ...decisionTexts } }),
  [`${CASE_DECISIONS}#proposeRevocationAction`]: async (w) => proposeRevocation({ ctx: w.as, input: { caseRef: (await w.unassignedCase()).caseRow.reference, revocationReason: 'fraud', ...decisionTexts } }),
  [`${CASE_DECISIONS}#confirmRevocationAction`]: async (w) => confirmRevocation({ ctx: w.as, input: { decisionId: (await w.proposal()).decision.id } }),
  // The proposer withdraws their own proposal: staff who may propose do so first; the others meet Rita's.
  [`${CASE_DECISIONS}#withdrawRevocationAction`]: async (w) => {
    const mayPropose = w.persona === 'reviewer' || w.persona === 'admin';
    const { decision } = await w.proposal(mayPropose ? w.as : w.staff.rita);
    return withdrawRevocationProposal({ ctx: w.as, input: { decisionId: decision.id } });
  },
  [`${CASE_DECISIONS}#decideAppealAction`]: async (w) => {
    const { caseRow, decision } = await w.decidedCase();
    const { appeal } = await fileAppeal({ ctx: w.staff.owner, input: { caseRef: caseRow.reference, decisionId: decision.id, grounds: 'The decision ignores the deletion logs we sent.' } });
    return decideAppeal({ ctx: w.as, input: { appealId: appeal.id, outcome: 'stands', note } });
  },
  [`${CASE_DECISIONS}#closeCaseAction`]: async (w) => closeCase({ ctx: w.as, input: { caseRef: (await w.decidedCase()).caseRow.reference } }),

  'app/(review)/review/programs/settings-actions.ts#updateProgramSettingsAction': (w) => updateProgramSettings({ ctx: w.as, input: { programId: w.programId } }),
  'app/(review)/review/programs/templates-actions.ts#updateNoticeTemplatesAction': (w) => updateNoticeTemplates({ ctx: w.as, input: { programId: w.programId, notice: 'Case {case}: explain the sale of your customer list.' } }),
  // From the version in use, with one rule more each time: every allowed call saves a version.
  'app/(review)/review/programs/policy-rules-actions.ts#updatePolicyRulesAction': async (w) => {
    const { version, rules } = await currentPolicyRuleSet(w.db, w.programId);
    const kept = rules.map((rule, index) => ({ ...rule, keywords: rule.keywords.join('\n'), position: index + 1 }));
    return updatePolicyRules({ ctx: w.as, input: { programId: w.programId, baseVersion: version, note: 'Profiling is material too.', rules: [...kept, { label: `Profiling ${version}`, keywords: 'profil', category: 'other', position: 99 }] } });
  },
  [`${PROGRAMS}#startDraftAction`]: (w) => createCriteriaDraft({ ctx: w.as, input: { programId: w.programId } }),
  [`${PROGRAMS}#updateCriterionAction`]: async (w) => updateDraftCriterion({ ctx: w.as, input: { criteriaVersionId: (await w.criteriaDraft()).id, code: 'NO-SUCH' } }),
  [`${PROGRAMS}#addCriterionAction`]: async (w) => addDraftCriterion({ ctx: w.as, input: { criteriaVersionId: (await w.criteriaDraft()).id, code: '' } }),
  [`${PROGRAMS}#removeCriterionAction`]: async (w) => removeDraftCriterion({ ctx: w.as, input: { criteriaVersionId: (await w.criteriaDraft()).id, code: 'NO-SUCH' } }),
  [`${PROGRAMS}#saveChangeNoteAction`]: async (w) => updateDraftChangeNote({ ctx: w.as, input: { criteriaVersionId: (await w.criteriaDraft()).id, changeNote: 'Clarified wording.' } }),
  [`${PROGRAMS}#publishAction`]: async (w) => publishCriteriaVersion({ ctx: w.as, input: { criteriaVersionId: (await w.criteriaDraft()).id, changeNote: '' } }),
  [`${PROGRAMS}#discardAction`]: async (w) => discardCriteriaDraft({ ctx: w.as, input: { criteriaVersionId: (await w.criteriaDraft()).id } }),
  'app/(portal)/account/security/actions.ts#startSecondFactorAction': (w) => startSecondFactorEnrolment({ ctx: w.as, input: {} }),
  // A wrong code: the permission check comes first, then "nothing to confirm" or "not right".
  'app/(portal)/account/security/actions.ts#confirmSecondFactorAction': (w) => confirmSecondFactor({ ctx: w.as, input: { code: '000000' } }),
  'app/(portal)/account/security/actions.ts#disableSecondFactorAction': (w) => disableSecondFactor({ ctx: w.as, input: { proof: 'not-the-password' } }),
  'app/(portal)/account/security/actions.ts#regenerateRecoveryCodesAction': (w) => regenerateRecoveryCodes({ ctx: w.as, input: { proof: 'not-the-password' } }),
  'app/(review)/review/settings/actions.ts#updateSignInPolicyAction': (w) => updateSignInPolicy({ ctx: w.as, input: { requireStaffSecondFactor: false } }),
  'app/(review)/review/users/second-factor-actions.ts#resetSecondFactorAction': async (w) => {
    const user = await seedUser(w.db);
    await seedSecondFactor(w.db, user.id);
    return resetSecondFactor({ ctx: w.as, input: { userId: user.id } });
  },
  [`${USERS}#createUserAction`]: (w) => createUser({ ctx: w.as, input: { name: 'Ruth Reviewer', email: uniqueEmail('staff'), role: 'reviewer' } }),
  [`${USERS}#userAdminAction:disable`]: async (w) => disableUser({ ctx: w.as, input: { userId: (await seedUser(w.db)).id } }),
  [`${USERS}#userAdminAction:enable`]: async (w) => enableUser({ ctx: w.as, input: { userId: (await seedUser(w.db, { disabled: true })).id } }),
  [`${USERS}#userAdminAction:change-role`]: async (w) => changeUserRole({ ctx: w.as, input: { userId: (await seedUser(w.db)).id, role: 'reviewer' } }),
  'GET app/(portal)/portal/cases/[reference]/attachments/[attachmentId]/route.ts': async (w) => {
    const { caseRow, attachmentId } = await w.attachment();
    return readCaseAttachmentForSite({ ctx: w.as, input: { caseRef: caseRow.reference, attachmentId } });
  },
  'GET app/(review)/review/cases/[reference]/attachments/[attachmentId]/route.ts': async (w) => {
    const { caseRow, attachmentId } = await w.attachment();
    return readCaseAttachment({ ctx: w.as, input: { caseRef: caseRow.reference, attachmentId } });
  },
  'GET app/(review)/review/cases/[reference]/dossier.json/route.ts': async (w) => readCaseDossier({ ctx: w.as, input: { caseRef: (await w.openCase()).caseRow.reference } }),
  'GET app/(review)/review/complaints/[reference]/evidence/[evidenceId]/route.ts': async (w) => {
    const { complaint, evidenceId } = await w.complaint();
    return readEvidence({ ctx: w.as, input: { complaint: complaint.reference, evidenceId } });
  },

  'page app/(portal)/portal/cases/page.tsx': (w) => listCasesForMember({ ctx: w.as }),
  'page app/(portal)/portal/cases/[reference]/page.tsx': async (w) => readCaseForSite({ ctx: w.as, input: { caseRef: (await w.awaitingCase()).reference } }),
  'page app/(review)/review/complaints/[reference]/page.tsx': async (w) => readComplaintForReview({ ctx: w.as, input: { complaint: (await w.complaint()).complaint.reference } }),
  'page app/(review)/review/cases/[reference]/page.tsx': async (w) => readCaseForReview({ ctx: w.as, input: { caseRef: (await w.openCase()).caseRow.reference } }),
  'page app/(review)/review/cases/[reference]/dossier/page.tsx': async (w) => readCaseDossier({ ctx: w.as, input: { caseRef: (await w.openCase()).caseRow.reference } }),
  // The staff lists, narrowed to the world's organization by their text filters (ADR 0013).
  'page app/(review)/review/page.tsx': (w) => listReviewQueue({ ctx: w.as, input: { q: w.organization.legalName, assigned: 'unassigned' } }),
  'page app/(review)/review/complaints/page.tsx': (w) => listComplaintsForReview({ ctx: w.as, input: { q: w.site.domain, state: 'all' } }),
  'page app/(review)/review/cases/page.tsx': (w) => listCasesForReview({ ctx: w.as, input: { q: w.organization.legalName, state: 'closed' } }),
  'page app/(review)/review/dashboard/page.tsx': (w) => readStaffDashboard({ ctx: w.as }),
  'page app/(review)/review/seals/page.tsx': (w) => listSeals({ ctx: w.as, input: { q: w.seal.publicId, status: 'active' } }),
  // The page's query string (search, filters, cursor) is input to the same verb, not a door of its own.
  'page app/(review)/review/users/page.tsx': async (w) => {
    const someone = await seedUser(w.db);
    return listUsers({ ctx: w.as, input: { q: someone.email, role: someone.role, status: 'active' } });
  },
  'page app/(review)/review/audit/page.tsx': (w) => listAuditEvents({ ctx: w.as, input: { entityType: 'seal', action: 'seal.' } }),
  // The exports read through the list verbs (lib/lists/csv-export.ts): the same call decides the same door.
  'GET app/(review)/review/complaints/export.csv/route.ts': (w) => listComplaintsForReview({ ctx: w.as, input: { state: 'all' } }),
  'GET app/(review)/review/cases/export.csv/route.ts': (w) => listCasesForReview({ ctx: w.as, input: { state: 'all' } }),
  'GET app/(review)/review/seals/export.csv/route.ts': (w) => listSeals({ ctx: w.as, input: {} }),
  'GET app/(review)/review/audit/export.csv/route.ts': (w) => listAuditEvents({ ctx: w.as, input: {} }),
  // One small file, as the route hands the verb what its multipart parser found (lib/uploads/upload-route.ts).
  'POST app/api/uploads/route.ts': (w) => {
    const bytes = new TextEncoder().encode('A letter from the shop, typed out.\n');
    return stageUpload({
      ctx: w.as,
      input: { declaredBytes: bytes.length + 200, clientAddress: uniqueAddress(), uploaderKey: newUploadSecret() },
      receive: async () => ({ name: 'letter.txt', chunks: (async function* () { yield bytes; })() }),
    });
  },
  // The conflicted reviewer may search (their organization's complaints are left out of the answer, tested in staff-search.test.ts).
  'page app/(review)/review/search/page.tsx': async (w) => searchRecords({ ctx: w.as, input: { q: (await w.complaint()).complaint.reference } }),
};
