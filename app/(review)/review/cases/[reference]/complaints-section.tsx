import Link from '@/components/link';
import type { ReviewedCase } from '@/lib/services/cases/read-case';
import { complaintCategoryLabels } from '@/lib/complaints/labels';

/** The complaints the case investigates, with the complainants' identity (reviewers only). */
export function LinkedComplaintsSection({ reviewed }: { reviewed: ReviewedCase }) {
  const { complaints } = reviewed;
  return (
    <section aria-labelledby="complaints-heading">
      <h2 id="complaints-heading">Complaints in this case</h2>
      {complaints.length === 0 ? (
        <p className="text-slate-700">None: this case was not opened from a complaint.</p>
      ) : (
        <ul className="space-y-2" data-testid="case-complaints">
          {complaints.map((complaint) => (
            <li key={complaint.id} className="card text-sm">
              <Link href={`/review/complaints/${complaint.reference}`} className="font-mono">
                {complaint.reference}
              </Link>{' '}
              — {complaintCategoryLabels[complaint.category]}
              {complaint.fastTrack && <span className="ml-2 rounded border border-amber-500 bg-amber-100 px-1 text-xs font-semibold text-amber-950">Fast track</span>}
              <p className="mt-1 line-clamp-3 whitespace-pre-wrap text-slate-800">{complaint.description}</p>
              <p className="mt-1" data-testid="case-complainant">
                Complainant: {complaint.complainantName ?? 'no name given'}
                {complaint.complainantEmail ? ` <${complaint.complainantEmail}>` : ', no email address'} —{' '}
                {complaint.shareIdentity ? 'agreed that the site may learn who they are' : 'the site must not learn who they are'}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
