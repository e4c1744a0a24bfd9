/**
 * Who may use each door of OpenSeal: every server action (each `intent` of a dispatching action
 * on its own row), every route handler and every page, with the service verb behind it. The rule
 * is written as it SHOULD be; the services enforce it. Two tests read this table
 * (ADR 0009, one permission table):
 *   tests/unit/permission-table-complete.test.ts  — every door in `app/` has a row, every row a door;
 *   tests/integration/permission-table.test.ts    — each row's verb, called as eight personas, lets
 *                                                   through exactly the personas the row names.
 * A new door gets its row here first.
 */

/** The least role needed; roles nest (an admin is a reviewer, a reviewer is a signed-in user). */
export type DoorRole = 'anonymous' | 'applicant' | 'reviewer' | 'admin';

/**
 * The caller's tie to the organization the door acts on:
 * `none` — no tie needed; `member`/`owner` — a membership of that organization (an owner is a member);
 * `self` — only the caller's own record (their notifications, their invitation, their declaration);
 * `token` — whoever holds the secret link (a complaint's tracking link), signed in or not.
 */
export type DoorRelation = 'none' | 'member' | 'owner' | 'self' | 'token';

export type DoorRule = {
  role: DoorRole;
  organization: DoorRelation;
  /** A reviewer or admin tied to the organization (member, or a declared conflict) is refused. */
  refusesConflicted: boolean;
};

/** A door nobody may use (kept so the completeness test still sees it), with what replaces it. */
export type ClosedDoor = { closed: string };

/**
 * A door of the integrator API (issue #17, ADR 0026): no session is read, only
 * `Authorization: Bearer` with a key holding `scope` (null: any valid key). The key acts as the
 * person who made it, whose rules above still hold; an organization's key only for its organization.
 */
export type ApiKeyRule = { apiKey: true; scope: string | null };

type Common = { verb: string | null; who: DoorRule | ClosedDoor | ApiKeyRule; why?: string };
export type ActionDoor = Common & { kind: 'action'; file: string; exportName: string; intent?: string };
export type RouteDoor = Common & { kind: 'route'; file: string; method: string };
export type PageDoor = Common & { kind: 'page'; file: string };
export type Door = ActionDoor | RouteDoor | PageDoor;

// Shorthands, so each row reads as one sentence.
const anyone: DoorRule = { role: 'anonymous', organization: 'none', refusesConflicted: false };
const signedIn: DoorRule = { role: 'applicant', organization: 'none', refusesConflicted: false };
const own: DoorRule = { role: 'applicant', organization: 'self', refusesConflicted: false };
const member: DoorRule = { role: 'applicant', organization: 'member', refusesConflicted: false };
const owner: DoorRule = { role: 'applicant', organization: 'owner', refusesConflicted: false };
const tokenHolder: DoorRule = { role: 'anonymous', organization: 'token', refusesConflicted: false };
const reviewer: DoorRule = { role: 'reviewer', organization: 'none', refusesConflicted: false };
/** A reviewer (or admin) free of any tie to the organization the record belongs to. */
const unconflictedReviewer: DoorRule = { role: 'reviewer', organization: 'none', refusesConflicted: true };
const unconflictedAdmin: DoorRule = { role: 'admin', organization: 'none', refusesConflicted: true };
const admin: DoorRule = { role: 'admin', organization: 'none', refusesConflicted: false };

const PORTAL = 'app/(portal)/portal/actions.ts';
const MEMBERS = 'lib/services/organizations/members.ts';
const INVITATIONS = 'lib/services/organizations/invitations.ts';
const APPLICATION_FORM = 'app/(portal)/portal/applications/[applicationId]/actions.ts';
const REVIEW_APPLICATIONS = 'app/(review)/review/applications/actions.ts';
const DECIDE = 'lib/services/reviews/decide.ts';
const SEAL_PAGE = 'app/(review)/review/seals/[sealId]/actions.ts';
const POLICY_CHANGES = 'lib/services/policies/policy-change-verbs.ts';
const CASE_WORKFLOW = 'app/(review)/review/cases/[reference]/workflow-actions.ts';
const CASE_DECISIONS = 'app/(review)/review/cases/[reference]/decision-actions.ts';
const PROPOSALS = 'lib/services/cases/revocation-proposals.ts';
const PROGRAMS = 'app/(review)/review/programs/actions.ts';
const USERS = 'app/(review)/review/users/actions.ts';
const ACCOUNT_SECURITY = 'app/(portal)/account/security/actions.ts';
const SECOND_FACTOR = 'lib/services/second-factor';
const USER_MAILS = 'app/(review)/review/users/account-mail-actions.ts';
const PORTAL_KEYS = 'app/(portal)/portal/organizations/[organizationId]/api-key-actions.ts';
const STAFF_KEYS = 'app/(review)/review/api-keys/actions.ts';
const MANAGE_KEYS = 'lib/services/api-keys/manage-api-keys.ts';
const PORTAL_WEBHOOKS = 'app/(portal)/portal/organizations/[organizationId]/webhooks/actions.ts';
const STAFF_WEBHOOKS = 'app/(review)/review/api-keys/[keyId]/webhooks/actions.ts';
const MANAGE_WEBHOOKS = 'lib/services/webhooks/manage-endpoints.ts';
const READ_WEBHOOKS = 'lib/services/webhooks/read-webhooks.ts#readWebhooks';
/** ADR 0013: the staff lists, and what a reader with a conflict of interest sees in them. */
const STAFF_LIST = 'Search, filters and the page cursor are query parameters of this one door, read by the same verb.';
const MARKED_WITHOUT_LINK = 'Rows of an organization the reader is tied to are shown marked, without a link: their pages refuse a conflicted reader.';
/** ADR 0007, amendment: who among the unconflicted staff decides a case. */
const ASSIGNEE_DECIDES = 'The case’s assignee; an admin in their place (audited, the assignee told); on an unassigned case, the reviewer who decides becomes its assignee.';
const action = (file: string, exportName: string, verb: string | null, who: DoorRule | ClosedDoor, why?: string, intent?: string): ActionDoor => ({ kind: 'action', file, exportName, intent, verb, who, why });
const route = (file: string, method: string, verb: string | null, who: DoorRule | ApiKeyRule, why?: string): RouteDoor => ({ kind: 'route', file, method, verb, who, why });
const keyWith = (scope: string | null): ApiKeyRule => ({ apiKey: true, scope });
const API = 'lib/api/routes';
const page = (file: string, verb: string | null, who: DoorRule, why?: string): PageDoor => ({ kind: 'page', file, verb, who, why });

export const DOORS: readonly Door[] = [
  // Accounts
  action('app/(public)/signup/actions.ts', 'signUpAction', 'lib/services/users/sign-up.ts#signUp', anyone, 'The same answer whether or not the address has an account; limited per connection.'),
  action('app/(public)/login/actions.ts', 'signInAction', null, anyone, 'Auth.js checks the password (lib/auth/auth.ts, throttled).'),
  action('app/actions/sign-out.ts', 'signOutAction', 'lib/services/users/end-sessions.ts#endSessions', anyone, 'Ends every session of the caller’s own account (ADR 0002); harmless without one.'),
  action('app/(public)/forgot-password/actions.ts', 'requestPasswordResetAction', 'lib/services/users/password-reset.ts#requestPasswordReset', anyone, 'The same answer for every address; limited per address and per connection.'),
  action('app/(public)/reset-password/[token]/actions.ts', 'resetPasswordAction', 'lib/services/users/password-reset.ts#resetPassword', tokenHolder, 'Whoever holds the mailed link, once, for an hour.'),
  action('app/(public)/verify-email/[token]/actions.ts', 'verifyEmailAction', 'lib/services/users/email-verification.ts#verifyEmail', tokenHolder, 'Whoever holds the mailed link proves the address it was sent to.'),
  action('app/actions/resend-verification.ts', 'resendVerificationAction', 'lib/services/users/email-verification.ts#resendVerification', own, 'Only the caller’s own, unverified address; limited.'),
  action('app/(portal)/account/actions.ts', 'changeNameAction', 'lib/services/users/change-name.ts#changeName', own),
  action('app/(portal)/account/actions.ts', 'changeTimeZoneAction', 'lib/services/users/change-time-zone.ts#changeTimeZone', own, 'The zone one’s own dates are written in: picked on the account page, or reported by the browser until one is picked (ADR 0022).'),
  action('app/(portal)/account/actions.ts', 'requestEmailChangeAction', 'lib/services/users/change-email.ts#requestEmailChange', own, 'Needs the current password; the new address takes effect when its link is followed.'),
  action('app/(portal)/account/actions.ts', 'changePasswordAction', 'lib/services/users/change-password.ts#changePassword', own, 'Needs the current password; ends every other session.'),
  action(ACCOUNT_SECURITY, 'startSecondFactorAction', `${SECOND_FACTOR}/start-enrolment.ts#startSecondFactorEnrolment`, own, 'One’s own authenticator; staff who must enrol reach it with an applicant’s rights (ADR 0011).'),
  action(ACCOUNT_SECURITY, 'confirmSecondFactorAction', `${SECOND_FACTOR}/confirm-enrolment.ts#confirmSecondFactor`, own),
  action(ACCOUNT_SECURITY, 'disableSecondFactorAction', `${SECOND_FACTOR}/disable.ts#disableSecondFactor`, own, 'Needs a current code, a recovery code or the password, not the session alone.'),
  action(ACCOUNT_SECURITY, 'regenerateRecoveryCodesAction', `${SECOND_FACTOR}/regenerate-recovery-codes.ts#regenerateRecoveryCodes`, own, 'Needs a current code or the password, not the session alone; the old codes end at once, and the user is told by mail.'),
  action('app/(portal)/notifications/actions.ts', 'markAllNotificationsReadAction', 'lib/notifications/mark-notifications-read.ts#markNotificationsRead', own),

  // Organizations
  action(PORTAL, 'createOrganizationAction', 'lib/services/organizations/create-organization.ts#createOrganization', signedIn, 'Anyone signed in may found an organization and becomes its owner.'),
  action(PORTAL, 'updateOrganizationAction', 'lib/services/organizations/update-organization.ts#updateOrganization', owner, 'The details given at its creation; the public reads a new name or country at once (the status caches are told of each seal).'),
  action(PORTAL, 'inviteMemberAction', `${INVITATIONS}#inviteMember`, owner),
  action(PORTAL, 'resendInvitationAction', 'lib/services/organizations/resend-invitation.ts#resendInvitation', owner, 'A new link, mailed; the old one stops working. Limited per address and day.'),
  action(PORTAL, 'acceptInvitationAction', `${INVITATIONS}#acceptInvitation`, own, 'Only the account with the invited address.'),
  action(PORTAL, 'organizationMemberAction', `${MEMBERS}#removeMember`, owner, undefined, 'remove'),
  action(PORTAL, 'organizationMemberAction', `${MEMBERS}#setMemberRole`, owner, undefined, 'set-role'),
  action(PORTAL, 'organizationMemberAction', `${MEMBERS}#transferOwnership`, owner, undefined, 'transfer'),
  action(PORTAL, 'organizationMemberAction', `${INVITATIONS}#revokeInvitation`, owner, undefined, 'revoke-invitation'),
  action(PORTAL, 'organizationMemberAction', `${MEMBERS}#leaveOrganization`, member, 'Any member leaves; the last owner cannot.', 'leave'),
  // The organization's API keys (issue #17, ADR 0026): the token is shown once, only its hash kept.
  action(PORTAL_KEYS, 'createOrganizationApiKeyAction', `${MANAGE_KEYS}#createOrganizationApiKey`, owner, 'Scopes from the organization’s list only; an expiry, if any, within two years.'),
  action(PORTAL_KEYS, 'revokeOrganizationApiKeyAction', 'lib/services/api-keys/revoke-organization-api-key.ts#revokeOrganizationApiKey', owner, 'This organization’s keys only (the portal’s own entry point); an admin revokes any key at /review/api-keys.'),
  // The organization's webhooks (issue #17, ADR 0027): the same verbs as the API's, for the organization's own endpoints.
  action(PORTAL_WEBHOOKS, 'createOrganizationWebhookAction', `${MANAGE_WEBHOOKS}#createWebhookEndpoint`, owner, 'https only, any of the seven event types; the signing secret is shown once.'),
  action(PORTAL_WEBHOOKS, 'deleteOrganizationWebhookAction', `${MANAGE_WEBHOOKS}#deleteWebhookEndpoint`, owner, 'This organization’s endpoints only; its delivery log goes with it.'),
  action(PORTAL_WEBHOOKS, 'enableOrganizationWebhookAction', `${MANAGE_WEBHOOKS}#enableWebhookEndpoint`, owner, 'A disabled endpoint of this organization.'),
  action(PORTAL_WEBHOOKS, 'resendOrganizationWebhookAction', `${MANAGE_WEBHOOKS}#resendWebhookDelivery`, owner, 'A delivered or failed delivery, sent again as a new delivery.'),

  // Sites, applications, renewals, the holder's own revocation
  action(PORTAL, 'addSiteAction', 'lib/services/sites/add-site.ts#addSite', member),
  action(PORTAL, 'verifySiteAction', 'lib/services/sites/verify-site.ts#verifySite', member),
  action('app/(portal)/portal/sites/[siteId]/actions.ts', 'removeSiteAction', 'lib/services/sites/remove-site.ts#removeSite', owner, 'Not while a seal that has not ended (active or suspended) or an open application covers the site; its domain is then free to be claimed again (ADR 0004).'),
  action(PORTAL, 'startApplicationAction', 'lib/services/applications/start-application.ts#startApplication', member),
  action(PORTAL, 'withdrawApplicationAction', 'lib/services/applications/withdraw-application.ts#withdrawApplication', member),
  action(PORTAL, 'startRenewalAction', 'lib/services/seals/start-renewal.ts#startRenewal', member),
  action(APPLICATION_FORM, 'saveApplicationAction', 'lib/services/applications/save-application.ts#saveApplication', member, 'Saves the draft (no intent).'),
  action(APPLICATION_FORM, 'saveApplicationAction', 'lib/services/applications/submit-application.ts#submitApplication', member, 'Saves, then submits.', 'submit'),
  action(APPLICATION_FORM, 'attachPolicyAction', 'lib/services/applications/attach-policy.ts#attachPolicy', member),
  action('app/(portal)/portal/sites/[siteId]/policy-actions.ts', 'explainPolicyChangeAction', 'lib/services/policies/policy-change-verbs.ts#explainPolicyChange', member, 'The holder’s word on a change the policy monitor found; reviewers read it beside the diff.'),
  action('app/(portal)/portal/sites/[siteId]/actions.ts', 'revokeOwnSealAction', 'lib/services/seals/revoke-seal.ts#revokeSeal', owner, 'The holder gives up its own seal; the seal authority revokes only through a case (four eyes), never through this door.'),

  // The site's side of cases
  action('app/(portal)/portal/cases/[reference]/actions.ts', 'respondToCaseAction', 'lib/services/cases/respond-to-case.ts#respondToCase', member),
  action('app/(portal)/portal/cases/[reference]/actions.ts', 'fileAppealAction', 'lib/services/cases/file-appeal.ts#fileAppeal', member),
  action('app/(portal)/portal/organizations/[organizationId]/change-of-control-actions.ts', 'declareChangeOfControlAction', 'lib/services/cases/declare-change-of-control.ts#declareChangeOfControl', member),

  // The public's complaints
  action('app/(public)/complaints/new/actions.ts', 'fileComplaintAction', 'lib/services/complaints/file-complaint.ts#fileComplaint', anyone, 'No account needed; rate-limited per connection and address.'),
  action('app/(public)/complaints/track/[token]/actions.ts', 'replyAsComplainantAction', 'lib/services/cases/reply-as-complainant.ts#replyAsComplainant', tokenHolder),

  // Reviewing applications
  action(REVIEW_APPLICATIONS, 'claimAction', 'lib/services/reviews/claim.ts#claimApplication', unconflictedReviewer),
  action(REVIEW_APPLICATIONS, 'assignAction', 'lib/services/reviews/claim.ts#assignApplication', unconflictedAdmin, 'The assignee must be free of conflicts too; so must the admin who picks them.'),
  action(REVIEW_APPLICATIONS, 'recordVerdictsAction', 'lib/services/reviews/record-verdicts.ts#recordVerdicts', unconflictedReviewer),
  action(REVIEW_APPLICATIONS, 'decideAction', `${DECIDE}#requestChanges`, unconflictedReviewer, undefined, 'request-changes'),
  action(REVIEW_APPLICATIONS, 'decideAction', `${DECIDE}#rejectApplication`, unconflictedReviewer, undefined, 'reject'),
  action(REVIEW_APPLICATIONS, 'decideAction', `${DECIDE}#approveApplication`, unconflictedReviewer, undefined, 'approve'),
  action('app/(review)/review/conflicts/actions.ts', 'declareConflictAction', 'lib/services/reviews/conflicts.ts#declareConflict', reviewer, 'Declaring a tie is always allowed: it only narrows what the reviewer may do.'),
  action('app/(review)/review/conflicts/actions.ts', 'withdrawConflictAction', 'lib/services/reviews/conflicts.ts#withdrawConflict', { role: 'reviewer', organization: 'self', refusesConflicted: false }, 'Only one’s own declaration.'),

  // Seals, outside a case
  action(SEAL_PAGE, 'sealLifecycleAction', 'lib/services/seals/suspend-seal.ts#suspendSeal', unconflictedReviewer, undefined, 'suspend'),
  action(SEAL_PAGE, 'sealLifecycleAction', 'lib/services/seals/reinstate-seal.ts#reinstateSeal', unconflictedReviewer, undefined, 'reinstate'),
  action('app/(review)/review/seals/[sealId]/policy-actions.ts', 'acceptPolicyChangeAction', `${POLICY_CHANGES}#acceptPolicyChanges`, unconflictedReviewer, 'The newest change to a watched policy becomes the certified text (issue #16).'),
  action('app/(review)/review/policy-changes/actions.ts', 'acceptPolicyChangesAction', `${POLICY_CHANGES}#acceptPolicyChanges`, unconflictedReviewer, 'Many at once, all or none; each holder checked for a conflict.'),
  action(SEAL_PAGE, 'sealLifecycleAction', 'lib/services/cases/propose-seal-revocation.ts#proposeSealRevocation', unconflictedReviewer, 'The authority never revokes in one step: this opens a case about the seal (or joins its open case, where only its assignee or an admin may propose) and a different reviewer or an admin confirms there (four eyes).', 'propose-revocation'),

  // Complaints and cases, reviewer side
  action('app/(review)/review/complaints/actions.ts', 'dismissComplaintAction', 'lib/services/complaints/dismiss-complaint.ts#dismissComplaint', unconflictedReviewer),
  action('app/(review)/review/complaints/actions.ts', 'logComplaintAction', 'lib/services/complaints/log-complaint.ts#logComplaint', unconflictedReviewer, 'A reviewer tied to the organization does not start proceedings against it (nor for it, against a rival).'),
  action('app/(review)/review/complaints/[reference]/case-triage-actions.ts', 'openCaseAction', 'lib/services/cases/open-case.ts#openCaseFromComplaint', unconflictedReviewer),
  action('app/(review)/review/complaints/[reference]/case-triage-actions.ts', 'mergeIntoCaseAction', 'lib/services/cases/open-case.ts#mergeComplaintIntoCase', unconflictedReviewer),
  action(CASE_WORKFLOW, 'sendNoticeAction', 'lib/services/cases/send-notice.ts#sendNotice', unconflictedReviewer),
  action(CASE_WORKFLOW, 'sendSiteMessageAction', 'lib/services/cases/send-site-message.ts#sendSiteMessage', unconflictedReviewer, 'After the notice only; files judged as complaint evidence is (ADR 0006).'),
  action(CASE_WORKFLOW, 'addInternalNoteAction', 'lib/services/cases/add-internal-note.ts#addInternalNote', unconflictedReviewer),
  action(CASE_WORKFLOW, 'requestComplainantInfoAction', 'lib/services/cases/request-complainant-info.ts#requestComplainantInfo', unconflictedReviewer),
  action(CASE_WORKFLOW, 'assignCaseAction', 'lib/services/cases/assign-case.ts#assignCase', unconflictedReviewer, 'A reviewer takes an unassigned case; only an admin assigns one to someone else.'),
  action('app/(review)/review/cases/[reference]/change-of-control-actions.ts', 'recordChecklistFindingAction', 'lib/services/cases/record-checklist-finding.ts#recordChecklistFinding', unconflictedReviewer),
  action(CASE_DECISIONS, 'decideCaseAction', 'lib/services/cases/decide-case.ts#decideCase', unconflictedReviewer, ASSIGNEE_DECIDES),
  action(CASE_DECISIONS, 'proposeRevocationAction', `${PROPOSALS}#proposeRevocation`, unconflictedReviewer, ASSIGNEE_DECIDES),
  action(CASE_DECISIONS, 'confirmRevocationAction', `${PROPOSALS}#confirmRevocation`, unconflictedReviewer, 'Never the proposer (four eyes).'),
  action(CASE_DECISIONS, 'withdrawRevocationAction', `${PROPOSALS}#withdrawRevocationProposal`, unconflictedReviewer, 'The proposer, or an admin.'),
  action(CASE_DECISIONS, 'decideAppealAction', 'lib/services/cases/decide-appeal.ts#decideAppeal', unconflictedReviewer, 'Only a reviewer who took no part in the case.'),
  action(CASE_DECISIONS, 'closeCaseAction', 'lib/services/cases/close-case.ts#closeCase', unconflictedReviewer),

  // The integrator API: keys, not sessions (lib/api/serve-api-call.ts; walked by tests/integration/api-key-matrix.test.ts).
  route('app/api/v1/key/route.ts', 'GET', `${API}/key.ts#currentKey`, keyWith(null), 'Any valid key: its own name, kind, scopes and expiry.'),
  route('app/api/v1/seals/status:batch/route.ts', 'POST', `${API}/public-status.ts#sealStatusBatch`, keyWith('public:read'), 'Up to 1,000 public statuses from the status cache: what anyone may read one by one, in bulk for a relying party’s key.'),
  route('app/api/v1/seals/export/route.ts', 'GET', `${API}/public-status.ts#sealStatusExport`, keyWith('public:read'), 'The daily export of every public status (JSON Lines) with its signed digest, for offline checks.'),
  route('app/api/v1/organization/seals/route.ts', 'GET', `${API}/organization.ts#organizationSeals`, keyWith('seals:read'), 'The key’s organization only; its creator must still be a member.'),
  route('app/api/v1/organization/applications/route.ts', 'GET', `${API}/organization.ts#organizationApplications`, keyWith('applications:read'), 'The key’s organization only; its creator must still be a member.'),
  route('app/api/v1/organization/cases/route.ts', 'GET', `${API}/organization.ts#organizationCases`, keyWith('cases:read'), 'The key’s organization only; its creator must still be a member.'),
  route('app/api/v1/organization/cases/[reference]/route.ts', 'GET', `${API}/organization.ts#organizationCase`, keyWith('cases:read'), 'The site’s view of the case, as in the portal; a case of another organization reads as none.'),
  route('app/api/v1/organization/cases/[reference]/responses/route.ts', 'POST', `${API}/organization.ts#respondToOrganizationCase`, keyWith('cases:respond'), 'The portal’s respondToCase, as the key’s creator; audited with the key.'),

  route('app/api/v1/review/complaints/route.ts', 'GET', `${API}/review.ts#reviewComplaints`, keyWith('review:read'), 'The staff list as the key’s creator (a reviewer or admin) reads it; rows about an organization the creator is tied to are left out.'),
  route('app/api/v1/review/cases/route.ts', 'GET', `${API}/review.ts#reviewCases`, keyWith('review:read'), 'The staff list as the key’s creator reads it; rows about an organization the creator is tied to are left out.'),
  route('app/api/v1/review/cases/[reference]/route.ts', 'GET', `${API}/review-actions.ts#reviewCase`, keyWith('review:read'), 'The case page’s readCaseForReview as the key’s creator: refused (403) when the creator is tied to the organization.'),
  route('app/api/v1/review/complaints/[reference]/case/route.ts', 'POST', `${API}/review-actions.ts#openReviewCase`, keyWith('review:triage'), 'openCaseFromComplaint as the key’s creator: conflicts refused as on the page.'),
  route('app/api/v1/review/complaints/[reference]/dismissal/route.ts', 'POST', `${API}/review-actions.ts#dismissReviewComplaint`, keyWith('review:triage'), 'dismissComplaint as the key’s creator; the complainant reads the note.'),
  route('app/api/v1/review/cases/[reference]/notices/route.ts', 'POST', `${API}/review-actions.ts#sendReviewNotice`, keyWith('review:notices'), 'sendNotice as the key’s creator; audited with the key.'),
  route('app/api/v1/review/cases/[reference]/decision/route.ts', 'POST', `${API}/review-actions.ts#decideReviewCase`, keyWith('review:decide'), `decideCase as the key’s creator. ${ASSIGNEE_DECIDES}`),
  route('app/api/v1/review/cases/[reference]/revocation-proposals/route.ts', 'POST', `${API}/review-actions.ts#proposeReviewRevocation`, keyWith('review:revoke'), `proposeRevocation as the key’s creator. ${ASSIGNEE_DECIDES}`),
  route('app/api/v1/review/revocation-proposals/[decisionId]/confirmation/route.ts', 'POST', `${API}/review-actions.ts#confirmReviewRevocation`, keyWith('review:revoke'), 'confirmRevocation as the key’s creator: never the proposer, whichever key or page proposed it (four eyes).'),
  route('app/api/v1/webhooks/route.ts', 'GET', `${API}/webhooks.ts#webhookEndpointsList`, keyWith('webhooks:manage'), 'A relying party’s key: its own endpoints; an organization’s key: the organization’s, while its creator is an owner.'),
  route('app/api/v1/webhooks/route.ts', 'POST', `${API}/webhooks.ts#webhookEndpointCreate`, keyWith('webhooks:manage'), 'https only; a relying party subscribes to public events only. The signing secret is answered once.'),
  route('app/api/v1/webhooks/[endpointId]/enable/route.ts', 'POST', `${API}/webhooks.ts#webhookEndpointEnable`, keyWith('webhooks:manage'), 'Another owner’s endpoint reads as none.'),
  route('app/api/v1/webhooks/[endpointId]/deliveries/route.ts', 'GET', `${API}/webhooks.ts#webhookDeliveriesList`, keyWith('webhooks:manage'), 'The delivery log, a page at a time.'),
  route('app/api/v1/webhooks/[endpointId]/deliveries/[deliveryId]/resend/route.ts', 'POST', `${API}/webhooks.ts#webhookDeliveryResend`, keyWith('webhooks:manage'), 'A new delivery of the same event, with its own 24 hours of retries.'),
  route('app/api/v1/webhooks/[endpointId]/route.ts', 'DELETE', `${API}/webhooks.ts#webhookEndpointDelete`, keyWith('webhooks:manage'), 'Deletes the endpoint and its delivery log; audited with the key.'),

  // Administration
  action('app/(review)/review/programs/settings-actions.ts', 'updateProgramSettingsAction', 'lib/services/programs/update-program-settings.ts#updateProgramSettings', admin),
  action('app/(review)/review/programs/templates-actions.ts', 'updateNoticeTemplatesAction', 'lib/services/programs/update-notice-templates.ts#updateNoticeTemplates', admin, 'The texts reviewers start from on the case page; never sent as they are.'),
  action('app/(review)/review/programs/policy-rules-actions.ts', 'updatePolicyRulesAction', 'lib/services/policies/update-policy-rules.ts#updatePolicyRules', admin, 'Saves the next version; changes already found keep the version that classified them.'),
  action(PROGRAMS, 'startDraftAction', 'lib/services/programs/create-criteria-draft.ts#createCriteriaDraft', admin),
  action(PROGRAMS, 'updateCriterionAction', 'lib/services/programs/update-draft-criterion.ts#updateDraftCriterion', admin),
  action(PROGRAMS, 'addCriterionAction', 'lib/services/programs/add-draft-criterion.ts#addDraftCriterion', admin),
  action(PROGRAMS, 'removeCriterionAction', 'lib/services/programs/remove-draft-criterion.ts#removeDraftCriterion', admin),
  action(PROGRAMS, 'saveChangeNoteAction', 'lib/services/programs/update-draft-change-note.ts#updateDraftChangeNote', admin),
  action(PROGRAMS, 'publishAction', 'lib/services/programs/publish-criteria-version.ts#publishCriteriaVersion', admin),
  action(PROGRAMS, 'discardAction', 'lib/services/programs/discard-criteria-draft.ts#discardCriteriaDraft', admin),
  action('app/(review)/review/settings/actions.ts', 'updateSignInPolicyAction', 'lib/services/site-settings/update-sign-in-policy.ts#updateSignInPolicy', admin),
  action('app/(review)/review/users/second-factor-actions.ts', 'resetSecondFactorAction', `${SECOND_FACTOR}/admin-reset.ts#resetSecondFactor`, admin, 'For a user who lost their phone and recovery codes.'),
  action(USERS, 'createUserAction', 'lib/services/users/create-user.ts#createUser', admin),
  action(USERS, 'userAdminAction', 'lib/services/users/set-user-disabled.ts#disableUser', admin, undefined, 'disable'),
  action(USERS, 'userAdminAction', 'lib/services/users/set-user-disabled.ts#enableUser', admin, undefined, 'enable'),
  action(USERS, 'userAdminAction', 'lib/services/users/change-user-role.ts#changeUserRole', admin, undefined, 'change-role'),
  action(USER_MAILS, 'sendPasswordResetLinkAction', 'lib/services/users/password-reset.ts#sendPasswordResetLinkToUser', admin, 'The link goes to the user’s own address; the admin never sees it.'),
  action(USER_MAILS, 'resendVerificationMailAction', 'lib/services/users/email-verification.ts#resendVerificationToUser', admin),
  action(STAFF_KEYS, 'createStaffApiKeyAction', `${MANAGE_KEYS}#createStaffApiKey`, admin, 'Keys of relying parties and of the authority’s own tools; the token is shown once.'),
  action(STAFF_KEYS, 'revokeApiKeyAction', `${MANAGE_KEYS}#revokeApiKey`, admin, 'Any key of any kind, at once: a leaked key cannot wait for its owner. (An owner revokes their organization’s keys through the portal’s door.)'),
  // A relying party's webhooks, managed for it by an admin (as its key does with webhooks:manage).
  action(STAFF_WEBHOOKS, 'createKeyWebhookAction', `${MANAGE_WEBHOOKS}#createWebhookEndpoint`, admin, 'A relying party’s key only, public event types only, optionally for listed seals; the signing secret is shown once.'),
  action(STAFF_WEBHOOKS, 'deleteKeyWebhookAction', `${MANAGE_WEBHOOKS}#deleteWebhookEndpoint`, admin, 'That key’s endpoints only; the delivery log goes with it.'),
  action(STAFF_WEBHOOKS, 'enableKeyWebhookAction', `${MANAGE_WEBHOOKS}#enableWebhookEndpoint`, admin),
  action(STAFF_WEBHOOKS, 'resendKeyWebhookAction', `${MANAGE_WEBHOOKS}#resendWebhookDelivery`, admin),

  // Route handlers
  route('app/(portal)/portal/cases/[reference]/attachments/[attachmentId]/route.ts', 'GET', 'lib/services/cases/read-case-for-site.ts#readCaseAttachmentForSite', member, 'Only files the site may see (its own and the notices’).'),
  route('app/(review)/review/cases/[reference]/attachments/[attachmentId]/route.ts', 'GET', 'lib/services/cases/read-case.ts#readCaseAttachment', unconflictedReviewer),
  route('app/(review)/review/cases/[reference]/dossier.json/route.ts', 'GET', 'lib/cases/dossier.ts#readCaseDossier', unconflictedReviewer),
  // CSV exports: the list's own verb, page after page, with the filters the list is shown with (lib/lists/csv-export.ts).
  route('app/(review)/review/complaints/export.csv/route.ts', 'GET', 'lib/services/complaints/list-complaints.ts#listComplaintsForReview', reviewer, 'The complaints list with its filters, as CSV; rows of an organization the reader is tied to are marked, as on the list.'),
  route('app/(review)/review/cases/export.csv/route.ts', 'GET', 'lib/services/cases/list-cases.ts#listCasesForReview', reviewer, 'The cases list with its filters, as CSV; rows of an organization the reader is tied to are marked, as on the list.'),
  route('app/(review)/review/seals/export.csv/route.ts', 'GET', 'lib/services/seals/list-seals.ts#listSeals', reviewer, 'The seals list with its filters, as CSV.'),
  route('app/(review)/review/audit/export.csv/route.ts', 'GET', 'lib/services/audit/list-audit-events.ts#listAuditEvents', admin, 'The audit trail with its filters, as CSV.'),
  route('app/(review)/review/complaints/[reference]/evidence/[evidenceId]/route.ts', 'GET', 'lib/services/complaints/read-evidence.ts#readEvidence', unconflictedReviewer),
  route('app/api/auth/[...nextauth]/route.ts', 'GET', null, anyone, 'Auth.js: session, CSRF token, providers.'),
  route('app/api/auth/[...nextauth]/route.ts', 'POST', null, anyone, 'Auth.js: sign-in (password checked, throttled) and sign-out.'),
  ...(['GET', 'HEAD', 'OPTIONS'] as const).flatMap((method) => [
    route('app/.well-known/jwks.json/route.ts', method, null, anyone, 'Public contract.'),
    route('app/api/v1/seals/[sealId]/badge.svg/route.ts', method, null, anyone, 'Public contract.'),
    route('app/api/v1/seals/[sealId]/status.jws/route.ts', method, null, anyone, 'Public contract.'),
    route('app/api/v1/seals/[sealId]/status/route.ts', method, null, anyone, 'Public contract.'),
    route('app/api/v1/seals/route.ts', method, null, anyone, 'Public contract.'),
    route('app/embed/v1/seal.js/route.ts', method, null, anyone, 'Public contract.'),
    // The public log (ADR 0023): read-only, and only what the latest signed checkpoint covers.
    route('app/log/checkpoint/route.ts', method, null, anyone, 'Public contract: the latest signed checkpoint.'),
    route('app/log/key/route.ts', method, null, anyone, 'Public contract: the checkpoints’ verifier key.'),
    route('app/log/tile/[...path]/route.ts', method, null, anyone, 'Public contract: tiles and entry bundles within the latest checkpoint.'),
    route('app/api/v1/log/proof/inclusion/route.ts', method, null, anyone, 'Public contract: sizes beyond the latest checkpoint are refused (400).'),
    route('app/api/v1/log/proof/consistency/route.ts', method, null, anyone, 'Public contract: sizes beyond the latest checkpoint are refused (400).'),
  ]),
  route('app/api/v1/programs/route.ts', 'GET', null, anyone, 'Public contract.'),
  route('app/api/v1/transparency/route.ts', 'GET', null, anyone, 'Public contract: the transparency report, counts from 1 to 4 withheld (lib/transparency/small-counts.ts).'),
  route('app/api/v1/programs/[programSlug]/route.ts', 'GET', null, anyone, 'Public contract.'),
  route('app/api/v1/openapi.json/route.ts', 'GET', null, anyone, 'Public contract: the OpenAPI 3.1 document of every /api/v1 route (lib/api/openapi/operations.ts); it names what each needs, never a key.'),
  route('app/healthz/route.ts', 'GET', null, anyone, 'Says only whether the database answers, and why not (unreachable, storage full).'),
  route('app/api/uploads/route.ts', 'POST', 'lib/services/uploads/stage-upload.ts#stageUpload', anyone, 'A form’s file, staged before the form (ADR 0021): attached only by the verb of the form, with its own rule, for the account or browser that sent it. Without an account, within the address’s complaint limit.'),

  // Pages (public)
  page('app/(public)/page.tsx', null, anyone),
  page('app/(public)/login/page.tsx', null, anyone),
  page('app/(public)/logout/page.tsx', null, anyone, 'Auth.js’s GET /api/auth/signout is sent here; reading it signs nobody out, its button is signOutAction.'),
  page('app/(public)/signup/page.tsx', null, anyone),
  page('app/(public)/forbidden/page.tsx', null, anyone),
  page('app/(public)/directory/page.tsx', null, anyone),
  page('app/(public)/verify/page.tsx', null, anyone),
  page('app/(public)/verify/[sealId]/page.tsx', null, anyone),
  page('app/(public)/programs/page.tsx', null, anyone),
  page('app/(public)/transparency/page.tsx', null, anyone, 'Public: the transparency report, counts from 1 to 4 withheld.'),
  page('app/(public)/developers/api/page.tsx', null, anyone, 'Public: the API reference, read from the OpenAPI document.'),
  page('app/(public)/programs/[programSlug]/page.tsx', null, anyone),
  page('app/(public)/programs/[programSlug]/versions/[version]/page.tsx', null, anyone),
  page('app/(public)/complaints/new/page.tsx', null, anyone),
  page('app/(public)/complaints/track/[token]/page.tsx', null, tokenHolder),
  page('app/(public)/invitations/[token]/page.tsx', null, anyone, 'Shows whom the invitation is for; accepting it is the action’s business.'),
  page('app/(public)/forgot-password/page.tsx', null, anyone),
  page('app/(public)/reset-password/[token]/page.tsx', null, tokenHolder, 'Says only whether the link still works; a wrong link is told so.'),
  page('app/(public)/verify-email/[token]/page.tsx', null, tokenHolder, 'Shows the address the link proves; verifying is the action’s business (a button, since mail scanners open links).'),
  // Pages (portal)
  page('app/(portal)/notifications/page.tsx', null, own),
  page('app/(portal)/account/security/page.tsx', null, own, 'One’s own second factor.'),
  page('app/(portal)/account/page.tsx', null, own, 'The caller’s own name, address, time zone and password.'),
  page('app/(portal)/portal/page.tsx', null, own, 'Lists the caller’s own organizations.'),
  page('app/(portal)/portal/organizations/new/page.tsx', null, signedIn),
  page('app/(portal)/portal/organizations/[organizationId]/page.tsx', 'lib/services/api-keys/list-api-keys.ts#listOrganizationApiKeys', member, 'Members read the organization, its sites, members and API keys (never a key’s hash or token); only owners are offered the forms that change them.'),
  page('app/(portal)/portal/organizations/[organizationId]/webhooks/page.tsx', READ_WEBHOOKS, member, 'Members read the endpoints (never a signing secret) and their delivery logs; only owners are offered the forms that change them. The endpoint shown and the page cursor are query parameters of this one door.'),
  page('app/(portal)/portal/sites/[siteId]/page.tsx', null, member),
  page('app/(portal)/portal/applications/[applicationId]/page.tsx', null, member),
  page('app/(portal)/portal/cases/page.tsx', 'lib/services/cases/read-case-for-site.ts#listCasesForMember', own, 'Cases of the caller’s own organizations.'),
  page('app/(portal)/portal/cases/[reference]/page.tsx', 'lib/services/cases/read-case-for-site.ts#readCaseForSite', member),
  // Pages (review)
  page('app/(review)/review/dashboard/page.tsx', 'lib/services/reviews/read-staff-dashboard.ts#readStaffDashboard', reviewer, 'Numbers only, each the count of a list this table already opens to every reviewer (its rows, conflicted ones included, as that list shows them: marked, without a link). No query string.'),
  page('app/(review)/review/page.tsx', 'lib/services/reviews/list-review-queue.ts#listReviewQueue', reviewer, `${STAFF_LIST} Applications of an organization the reader is tied to are marked and offer no claim (their page may be read; its verbs refuse them).`),
  page('app/(review)/review/applications/[applicationId]/page.tsx', null, reviewer, 'A conflicted reviewer may read the application; the page says they cannot act on it, and the verbs refuse them.'),
  page('app/(review)/review/complaints/page.tsx', 'lib/services/complaints/list-complaints.ts#listComplaintsForReview', reviewer, `${STAFF_LIST} ${MARKED_WITHOUT_LINK}`),
  page('app/(review)/review/complaints/new/page.tsx', null, reviewer),
  page('app/(review)/review/complaints/[reference]/page.tsx', 'lib/services/complaints/read-complaint.ts#readComplaintForReview', unconflictedReviewer),
  page('app/(review)/review/cases/page.tsx', 'lib/services/cases/list-cases.ts#listCasesForReview', reviewer, `${STAFF_LIST} ${MARKED_WITHOUT_LINK}`),
  page('app/(review)/review/cases/[reference]/page.tsx', 'lib/services/cases/read-case.ts#readCaseForReview', unconflictedReviewer),
  page('app/(review)/review/cases/[reference]/dossier/page.tsx', 'lib/cases/dossier.ts#readCaseDossier', unconflictedReviewer),
  page('app/(review)/review/conflicts/page.tsx', null, reviewer),
  page('app/(review)/review/search/page.tsx', 'lib/services/search/search-records.ts#searchRecords', reviewer, 'Leaves out, as if they did not exist, complaints and cases about an organization the reviewer is tied to; finds people for admins only (whose list /review/users is). The query string is input to the one verb.'),
  page('app/(review)/review/policy-changes/page.tsx', 'lib/services/policies/list-policy-changes.ts#listPolicyChanges', reviewer, 'Changes of a holder the reader is tied to are listed, marked, and cannot be chosen; the verb refuses them.'),
  page('app/(review)/review/seals/page.tsx', 'lib/services/seals/list-seals.ts#listSeals', reviewer, `Every reviewer, conflicted or not, as on each seal’s own page: a seal’s record is public on its verification page. ${STAFF_LIST}`),
  page('app/(review)/review/seals/[sealId]/page.tsx', null, reviewer, 'A conflicted reviewer may read the seal’s record; the page tells them why its verbs are not offered, and the verbs refuse them.'),
  page('app/(review)/review/audit/page.tsx', 'lib/services/audit/list-audit-events.ts#listAuditEvents', admin, 'Filters (record, who, action, dates) and the page cursor are query parameters of this one door, read by the same verb.'),
  page('app/(review)/review/outbox/page.tsx', null, admin),
  page('app/(review)/review/api-keys/page.tsx', 'lib/services/api-keys/list-api-keys.ts#listAllApiKeys', admin, 'Every key of every kind. Filters (kind, in use / expired / revoked) and the page cursor are query parameters of this one door, read by the same verb.'),
  page('app/(review)/review/api-keys/[keyId]/webhooks/page.tsx', READ_WEBHOOKS, admin, 'A relying party’s key’s endpoints and delivery logs (a revoked key’s read only). The endpoint shown and the page cursor are query parameters of this one door.'),
  page('app/(review)/review/users/page.tsx', 'lib/services/users/list-users.ts#listUsers', admin, 'Search, filters and the page cursor are query parameters of this one door, read by the same verb.'),
  page('app/(review)/review/programs/page.tsx', null, admin),
  page('app/(review)/review/settings/page.tsx', null, admin),
  page('app/(review)/review/programs/[programSlug]/draft/page.tsx', null, admin),
  page('app/(review)/review/programs/[programSlug]/policy-rules/page.tsx', null, admin),
  page('app/(review)/review/programs/[programSlug]/draft/new-criterion/page.tsx', null, admin),
  page('app/(review)/review/programs/[programSlug]/draft/criteria/[code]/page.tsx', null, admin),
];

/** A door's name in messages: the file, the export and intent, or the method. */
export function doorName(door: Door): string {
  if (door.kind === 'action') return `${door.file} ${door.exportName}${door.intent ? ` intent=${door.intent}` : ''}`;
  if (door.kind === 'route') return `${door.method} ${door.file}`;
  return `page ${door.file}`;
}
