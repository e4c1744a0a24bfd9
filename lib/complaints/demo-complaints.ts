import { eq } from 'drizzle-orm';
import { complaints, type ComplaintCategory, type ComplaintDismissalReason, type ComplaintSource } from '@/db/schema';
import type { Transaction } from '@/db/client';
import { recordAudit } from '@/lib/services/audit';
import { resolveComplaintSubject } from '@/lib/services/complaints/complaint-subject';
import { recordComplaint } from '@/lib/services/complaints/record-complaint';
import { utcDayKey } from '@/lib/format/dates';

const DAY = 24 * 60 * 60 * 1000;

type DemoComplaint = {
  domain: string;
  category: ComplaintCategory;
  source: ComplaintSource;
  ageDays: number;
  description: string;
  complainant?: { name: string; email: string };
  dismissed?: { reason: ComplaintDismissalReason; note: string };
};

// About the other demo organizations only: the acceptance story starts with Toysmart's seal
// active and no complaint about it (DESIGN.md).
const DEMO_COMPLAINTS: DemoComplaint[] = [
  {
    domain: 'harbor-health.example',
    category: 'third_party_sharing',
    source: 'public',
    ageDays: 4,
    description: 'After I ordered blood-pressure strips, an advertising network showed me ads for heart medication on other sites. The shop’s policy says health data is never shared.',
    complainant: { name: 'Hal Hughes', email: 'hal.hughes@mail.example' },
  },
  {
    domain: 'northwind.example',
    category: 'security_incident',
    source: 'regulator',
    ageDays: 2,
    description: 'The state attorney general’s office forwards a breach notice: order histories of 12,000 customers were reachable without signing in for two weeks.',
    complainant: { name: 'Office of the Attorney General', email: 'privacy-unit@ag.example' },
  },
  {
    domain: 'bargain-toys.example',
    category: 'seal_misuse',
    source: 'public',
    ageDays: 1,
    description: 'This shop shows a privacy seal at the bottom of every page, but the directory does not list it.',
    complainant: { name: 'Nina Novak', email: 'nina.novak@mail.example' },
  },
  {
    domain: 'pinecone.example',
    category: 'other',
    source: 'public',
    ageDays: 9,
    description: 'The game keeps crashing on level 12 and support does not answer my mails.',
    complainant: { name: 'Pete Player', email: 'pete.player@mail.example' },
    dismissed: { reason: 'out_of_scope', note: 'The seal covers how a site handles personal data; game faults are outside it. Please contact Pinecone Games’ support.' },
  },
];

/** Complaints in several states, written as the services would (tracking tokens are drawn and never shown). */
export async function seedDemoComplaints(tx: Transaction, { reviewerId }: { reviewerId: string }, now: Date): Promise<void> {
  for (const spec of DEMO_COMPLAINTS) {
    const filedAt = new Date(now.getTime() - spec.ageDays * DAY);
    const subject = await resolveComplaintSubject(tx, { domain: spec.domain, category: spec.category }, filedAt);
    const recorded = await recordComplaint(tx, {
      source: spec.source,
      fields: { category: spec.category, description: spec.description, occurredOn: utcDayKey(filedAt), contactedCompany: spec.source === 'public', shareIdentity: false },
      subject,
      complainant: spec.complainant ?? { name: null, email: null },
      evidence: [],
      loggedById: spec.source === 'public' ? null : reviewerId,
      actorId: spec.source === 'public' ? null : reviewerId,
      action: spec.source === 'public' ? 'complaint.file' : 'complaint.log',
      now: filedAt,
    });
    if (!recorded || !spec.dismissed) continue;
    const dismissedAt = new Date(filedAt.getTime() + DAY);
    await tx
      .update(complaints)
      .set({ status: 'dismissed', dismissalReason: spec.dismissed.reason, dismissalNote: spec.dismissed.note, dismissedAt, dismissedById: reviewerId, updatedAt: dismissedAt })
      .where(eq(complaints.id, recorded.complaint.id));
    await recordAudit(tx, {
      actorId: reviewerId,
      action: 'complaint.dismiss',
      entityType: 'complaint',
      entityId: recorded.complaint.id,
      before: { status: 'new' },
      after: { status: 'dismissed', dismissalReason: spec.dismissed.reason, dismissalNote: spec.dismissed.note, source: 'demo-seed' },
      at: dismissedAt,
    });
  }
}
