import type { Persona } from '../tests/helpers/permission-personas';
import { TRAITS } from '../tests/helpers/permission-personas';
import { actionDoor, callAction, hiddenFieldBefore, html, match, must, outcomeOfAnswer, UUID } from './permission-table-http';
import type { Staff } from './permission-table-world';
import type { Walk } from './permission-table-plans';

/*
 * The records the permission walk's plans (e2e/permission-table-plans.ts) find on the pages or make
 * as they go, each read once and kept in `walk.records` by name.
 */

/** A site the world's owner claims to remove it (unproven: a claim is all a removal needs). */
export async function siteToRemove(walk: Walk): Promise<string> {
  const domain = `removed-${walk.run}.example`;
  const added = await must(walk.client('owner'), 'addSiteAction', { organizationId: walk.world.organizationId, domain });
  return match(added.redirect, new RegExp(`/portal/sites/(${UUID.source})`), `the site ${domain}`);
}

/** A new invitation to the world, one per persona, made by its owner: each resend replaces one. */
export async function worldInvitation(walk: Walk, persona: Persona): Promise<string> {
  const email = `resent-${persona.toLowerCase()}-${walk.run}@e2e.example`;
  await must(walk.client('owner'), 'inviteMemberAction', { organizationId: walk.world.organizationId, email });
  return hiddenFieldBefore(await html(walk.client('owner').request, `/portal/organizations/${walk.world.organizationId}`), 'invitationId', `Send the invitation of ${email} again`);
}

export async function invitationOfToysmart(walk: Walk): Promise<string> {
  const page = await html(walk.client('owner').request, `/portal/organizations/${walk.records.organizationId}`);
  return match(page, new RegExp(`name="invitationId" value="(${UUID.source})"`), 'an invitation to Toysmart');
}

/**
 * An invitation for `persona`'s address (any address for a persona without one): to the outsider's
 * walk organization, or, for the outsider, to the one the demo member founded.
 */
export async function walkInvitation(walk: Walk, persona: Persona): Promise<string> {
  const email = walk.client(persona).email ?? `someone-${Date.now()}@e2e.example`;
  const [inviter, organizationId] = persona === 'outsider' ? (['member', walk.records['walkOrganization:member']!] as const) : (['outsider', walk.records.walkOrganizationId!] as const);
  const answer = await callAction(walk.client(inviter).request, actionDoor('inviteMemberAction'), { organizationId, email });
  return match(String(answer.state?.secret ?? ''), /\/invitations\/([A-Za-z0-9_-]+)$/, `an invitation for ${email} (${outcomeOfAnswer(answer).detail})`);
}

/** The persona's own declaration about the walk organization; for those without one (not staff), the demo reviewer's. */
export async function walkDeclaration(walk: Walk, persona: Persona): Promise<string> {
  const holder = TRAITS[persona].role === 'reviewer' || TRAITS[persona].role === 'admin' ? persona : 'reviewer';
  const page = await html(walk.client(holder).request, '/review/conflicts');
  return hiddenFieldBefore(page, 'declarationId', `Withdraw the declaration about ${walk.records.walkOrganizationName}`);
}

/** The open revocation proposal on the case, as the admin's case page offers it. */
export async function proposalOn(walk: Walk, reference: string): Promise<string> {
  const page = await html(walk.client('admin').request, `/review/cases/${reference}`);
  return match(page, new RegExp(`name="decisionId" value="(${UUID.source})"`), `the revocation proposal on ${reference}`);
}

/** A draft of the world's member (or owner) on the site of an application rejected above; made on first use. */
export async function draftOf(walk: Walk, who: 'member' | 'owner'): Promise<string> {
  const key = `draft:${who}`;
  if (!walk.records[key]) {
    const started = await must(walk.client(who), 'startApplicationAction', { siteId: walk.world.rejectedSites[who], programSlug: 'privacy-seal' });
    walk.records[key] = match(started.redirect, new RegExp(`/portal/applications/(${UUID.source})`), `the ${who}’s draft`);
  }
  return walk.records[key]!;
}

/** The decision the site may appeal, as `who` reads it on the portal page of the case; read once per case. */
export async function decisionToAppeal(walk: Walk, who: 'member' | 'owner', reference: string): Promise<string> {
  const key = `decisionToAppeal:${reference}`;
  walk.records[key] ??= match(await html(walk.client(who).request, `/portal/cases/${reference}`), new RegExp(`name="decisionId" value="(${UUID.source})"`), `the decision the site may appeal on ${reference}`);
  return walk.records[key];
}

/** The appeal on the case, as the case page offers it to `judge`, who took no part in the case (reading is not taking part); read once per case. */
export async function appealOn(walk: Walk, reference: string, judge: Staff): Promise<string> {
  const key = `appeal:${reference}`;
  walk.records[key] ??= match(await html(walk.client(judge).request, `/review/cases/${reference}`), new RegExp(`name="appealId" value="(${UUID.source})"`), `the appeal on ${reference}`);
  return walk.records[key];
}

/** A new draft of the program's next criteria version, started by the admin (the one made before the walk is discarded). */
export async function freshDraft(walk: Walk): Promise<string> {
  await must(walk.client('admin'), 'startDraftAction', { programId: walk.records.programId!, programSlug: 'privacy-seal' });
  return match(await html(walk.client('admin').request, '/review/programs/privacy-seal/draft'), new RegExp(`name="criteriaVersionId" value="(${UUID.source})"`), 'the new draft’s id');
}

/** The key the world's owner made above, as its Revoke button on the organization's page names it. */
export async function worldApiKey(walk: Walk): Promise<string> {
  walk.records.worldApiKeyId ??= hiddenFieldBefore(await html(walk.client('owner').request, `/portal/organizations/${walk.world.organizationId}`), 'keyId', `Revoke the key Walk key ${walk.run}`);
  return walk.records.worldApiKeyId;
}

/** Where the world's endpoint points: a name under .invalid, which never resolves. */
export const worldHook = (walk: Walk) => `https://hooks-${walk.run}.walk.invalid/openseal`;
export const keyHook = (walk: Walk, maker: Persona) => `https://hooks-${maker.toLowerCase()}-${walk.run}.walk.invalid/openseal`;

/** The endpoint the world's owner registered above, as its Delete button on the webhooks page names it. */
export async function worldEndpoint(walk: Walk): Promise<string> {
  walk.records.worldEndpointId ??= hiddenFieldBefore(await html(walk.client('owner').request, `/portal/organizations/${walk.world.organizationId}/webhooks`), 'endpointId', `Delete the endpoint ${worldHook(walk)}`);
  return walk.records.worldEndpointId;
}

/** The endpoint `maker` registered above for the walk's relying party, as its Delete button names it. */
export async function keyEndpoint(walk: Walk, maker: 'admin' | 'conflictedAdmin'): Promise<string> {
  const key = `keyEndpoint:${maker}`;
  walk.records[key] ??= hiddenFieldBefore(await html(walk.client('admin').request, `/review/api-keys/${walk.records.keyId}/webhooks`), 'endpointId', `Delete the endpoint ${keyHook(walk, maker)}`);
  return walk.records[key];
}

/** The relying party's key `maker` made above, as /review/api-keys offers it for revoking. */
export async function staffApiKey(walk: Walk, maker: 'admin' | 'conflictedAdmin'): Promise<string> {
  const key = `staffApiKey:${maker}`;
  walk.records[key] ??= hiddenFieldBefore(await html(walk.client('admin').request, '/review/api-keys?kind=relying_party&state=in_use'), 'keyId', `Revoke the key Walk partner of the ${maker} ${walk.run}`);
  return walk.records[key];
}

export async function walkTarget(walk: Walk): Promise<string> {
  if (walk.records.walkTargetId) return walk.records.walkTargetId;
  const page = await html(walk.client('admin').request, '/review/users?q=target-admin-');
  const email = page.match(/(target-admin-\d+@e2e\.example)/)?.[1];
  if (!email) throw new Error('the admin’s walk target is not on /review/users');
  walk.records.walkTargetId = hiddenFieldBefore(page, 'userId', `Disable ${email}`);
  return walk.records.walkTargetId;
}
