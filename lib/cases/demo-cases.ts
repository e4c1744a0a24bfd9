import { and, eq } from 'drizzle-orm';
import { complaints, memberships, users, type ChangeOfControlItem, type ChecklistFinding } from '@/db/schema';
import type { Transaction } from '@/db/client';
import { loadActor, type Actor } from '@/lib/auth/actor';
import { systemClock, type Clock } from '@/lib/clock';
import type { ServiceContext } from '@/lib/services/context';
import { addInternalNote } from '@/lib/services/cases/add-internal-note';
import { decideCase } from '@/lib/services/cases/decide-case';
import { declareChangeOfControl } from '@/lib/services/cases/declare-change-of-control';
import { escalateOverdueCases } from '@/lib/services/cases/escalate-cases';
import { openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { recordChecklistFinding } from '@/lib/services/cases/record-checklist-finding';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { fileComplaint } from '@/lib/services/complaints/file-complaint';
import { logComplaint } from '@/lib/services/complaints/log-complaint';
import { utcDayKey } from '@/lib/format/dates';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A clock stopped at `at`, so that a verb dates what it writes then. */
function stoppedAt(at: Date): Clock {
  return { ...systemClock, now: () => at.getTime() };
}

/** Where the demo's public filings "came from": a documentation address (RFC 5737), never a real client. */
const DEMO_CLIENT_ADDRESS = '192.0.2.15';

/**
 * Cases in the states a reviewer and a site meet them, about the demo organizations other than
 * Toysmart (whose story starts without a complaint or a case, DESIGN.md):
 *
 * - Harbor Health: opened from its demo complaint, a notice sent, an internal note; awaiting the site.
 * - Saltmarsh Press: a regulator's complaint, a notice left unanswered past its deadline, and the
 *   escalation sweep run on the day after: overdue, level 1, the site reminded.
 * - Lumen Labs: notice, the site's response, then a warning whose appeal window is still open.
 * - Granite Garden: notice and the site's response; in review.
 * - Old Mill Crafts: a change of control declared by its owner, the Toysmart checklist half worked.
 *
 * Every step is the real verb with its clock stopped at a past moment, in the seed's transaction
 * (their own transactions become savepoints), so the messages, decisions, audit rows,
 * notifications and mails are the ones the application writes. Quayside Travel's suspension is
 * left to the seal demo: a case decision would suspend the seal a second time.
 * Runs after seedSealDemo and seedDemoComplaints.
 */
export async function seedDemoCases(tx: Transaction, { reviewerId }: { reviewerId: string }, now: Date): Promise<void> {
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY + hours * HOUR);
  const ctxAt = (actor: Actor | null, at: Date): ServiceContext => ({ db: tx, clock: stoppedAt(at), actor });
  const reviewer = await loadActor(tx, reviewerId);
  if (!reviewer) throw new Error('The demo cases need the demo reviewer.');
  const ownerOf = async (email: string): Promise<Actor> => {
    const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
    const owner = row && (await loadActor(tx, row.id));
    if (!owner) throw new Error(`The demo cases need ${email}: seedSealDemo creates it.`);
    return owner;
  };

  // Harbor Health: the demo's public complaint about it (filed four days ago) becomes a case.
  const [harborComplaint] = await tx
    .select({ reference: complaints.reference })
    .from(complaints)
    .where(and(eq(complaints.domain, 'harbor-health.example'), eq(complaints.status, 'new')))
    .limit(1);
  if (!harborComplaint) throw new Error('The demo cases need the demo complaint about harbor-health.example: seedDemoComplaints runs first.');
  const harbor = await openCaseFromComplaint({ ctx: ctxAt(reviewer, ago(3)), input: { complaintRef: harborComplaint.reference } });
  await sendNotice({
    ctx: ctxAt(reviewer, ago(3, 1)),
    input: {
      caseRef: harbor.reference,
      body: 'A customer reports that after buying blood-pressure test strips on harbor-health.example, an advertising network showed them ads for heart medication on other sites. Your privacy policy says health data is never shared. Tell us which advertising or analytics services receive data from your order pages, what data they receive, and under which agreement.',
    },
  });
  await addInternalNote({
    ctx: ctxAt(reviewer, ago(2)),
    input: { caseRef: harbor.reference, body: 'Harbor’s seal application was rejected last month for the same kind of sharing. Check whether the ad tags we saw then are still on the checkout pages.' },
  });

  // Saltmarsh Press: a regulator's referral, a notice the site let pass, the escalation job's first step.
  const { complaint: saltmarshComplaint } = await logComplaint({
    ctx: ctxAt(reviewer, ago(19)),
    input: {
      source: 'regulator',
      category: 'ignored_opt_out',
      domain: 'saltmarsh-press.example',
      description: 'The data protection authority forwards a reader’s complaint: she asked Saltmarsh Press three times by email to delete her account and stop its newsletters, and the newsletters still arrive.',
      contactedCompany: 'yes',
      complainantName: 'Data Protection Authority, complaints desk',
      complainantEmail: 'complaints@dpa.example',
    },
  });
  const saltmarsh = await openCaseFromComplaint({ ctx: ctxAt(reviewer, ago(18)), input: { complaintRef: saltmarshComplaint.reference } });
  await sendNotice({
    ctx: ctxAt(reviewer, ago(16)),
    input: {
      caseRef: saltmarsh.reference,
      body: 'A reader says she asked three times to have her account deleted and her newsletter subscription ended, and still receives the newsletters. Tell us when each request reached you, what you did about it, and show that her data is now deleted.',
    },
  });
  // The cases.escalate job, as it ran the day after the deadline (14 days after the notice).
  await escalateOverdueCases(tx, ago(1));

  // Lumen Labs: answered in time, then warned; it may still appeal.
  const { complaint: lumenComplaint } = await fileComplaint({
    ctx: ctxAt(null, ago(30)),
    input: {
      category: 'third_party_sharing',
      domain: 'lumen-labs.example',
      description: 'Two days after I signed up for Lumen Labs’ newsletter, an analytics company I had never heard of emailed me about its own products, using the address I gave only to Lumen Labs.',
      contactedCompany: 'no',
      complainantName: 'Liam Lightfoot',
      complainantEmail: 'liam.lightfoot@mail.example',
      clientAddress: DEMO_CLIENT_ADDRESS,
    },
  });
  const lumen = await openCaseFromComplaint({ ctx: ctxAt(reviewer, ago(29)), input: { complaintRef: lumenComplaint.reference } });
  await sendNotice({
    ctx: ctxAt(reviewer, ago(28)),
    input: { caseRef: lumen.reference, body: 'A subscriber says an analytics company emailed them two days after they signed up for your newsletter. Tell us which services receive the addresses of your subscribers, and for what purpose.' },
  });
  const lumenOwner = await ownerOf('owner@lumen-labs.example');
  await respondToCase({
    ctx: ctxAt(lumenOwner, ago(22)),
    input: {
      caseRef: lumen.reference,
      body: 'Our newsletter sign-up form was built with a plug-in that also sent addresses to the plug-in maker’s analytics service. We did not know it did; we have removed the plug-in and asked the company to delete the addresses it received.',
    },
  });
  await decideCase({
    ctx: ctxAt(reviewer, ago(5)),
    input: {
      caseRef: lumen.reference,
      outcome: 'warning',
      reasonForSite: 'Subscribers’ email addresses reached a third party through a plug-in on your sign-up form, contrary to your privacy policy. You stopped it once told; check every tool on your forms before you add it.',
      summaryForComplainant: 'We upheld your complaint: the site passed newsletter addresses to a third party through a plug-in, has removed it, and was warned.',
    },
  });

  // Granite Garden: the site answered; a reviewer has yet to weigh it.
  const { complaint: graniteComplaint } = await fileComplaint({
    ctx: ctxAt(null, ago(9)),
    input: {
      category: 'seal_misuse',
      domain: 'granite-garden.example',
      description: 'Granite Garden’s footer still shows a picture of the privacy seal with “certified” under it, but the directory lists its seal as expired weeks ago.',
      contactedCompany: 'no',
      complainantName: 'Greta Gardener',
      complainantEmail: 'greta.gardener@mail.example',
      clientAddress: DEMO_CLIENT_ADDRESS,
    },
  });
  const granite = await openCaseFromComplaint({ ctx: ctxAt(reviewer, ago(8)), input: { complaintRef: graniteComplaint.reference } });
  await sendNotice({
    ctx: ctxAt(reviewer, ago(8, 2)),
    input: { caseRef: granite.reference, body: 'Your seal expired, yet a picture of it with the word “certified” is reported in your site’s footer. Remove every copy of the seal from your pages, or tell us why the report is wrong.' },
  });
  await respondToCase({
    ctx: ctxAt(await ownerOf('owner@granite-garden.example'), ago(2)),
    input: {
      caseRef: granite.reference,
      body: 'The picture came from an old page template that a few product pages still used. We removed it from every page yesterday; until we renew, the footer shows no seal at all.',
    },
  });

  // Old Mill Crafts: its liquidator sells the business; the reviewer has checked half of the conditions.
  const oldMillOwner = await ownerOf('owner@oldmill-crafts.example');
  const [oldMillMembership] = await tx.select({ organizationId: memberships.organizationId }).from(memberships).where(eq(memberships.userId, oldMillOwner.id)).limit(1);
  const { caseRow: oldMill } = await declareChangeOfControl({
    ctx: ctxAt(oldMillOwner, ago(6)),
    input: {
      organizationId: oldMillMembership?.organizationId,
      kind: 'bankruptcy',
      effectiveOn: utcDayKey(ago(-21)),
      counterparty: 'Hearth & Loom Ltd (buyer of the shop)',
      description: 'Old Mill Crafts is in liquidation. The liquidator is selling the online shop as a going concern to Hearth & Loom, another craft retailer, with its customer accounts and order history. The customer list is not offered on its own.',
    },
  });
  const findings: Array<{ item: ChangeOfControlItem; finding: ChecklistFinding; evidence: string; daysAgo: number }> = [
    { item: 'no_standalone_sale', finding: 'satisfied', evidence: 'The liquidator’s sale notice offers the shop as one lot: domain, stock, supplier contracts and customer accounts together.', daysAgo: 4 },
    { item: 'same_line_of_business', finding: 'satisfied', evidence: 'Hearth & Loom sells craft supplies online (its site and company filing), the same line of business.', daysAgo: 4 },
    { item: 'destroyed_if_no_qualified_buyer', finding: 'not_applicable', evidence: 'A qualified buyer is named in the sale notice, so the fallback of destroying the data does not arise.', daysAgo: 3 },
  ];
  for (const { daysAgo, ...finding } of findings) {
    await recordChecklistFinding({ ctx: ctxAt(reviewer, ago(daysAgo)), input: { caseRef: oldMill.reference, ...finding } });
  }
}
