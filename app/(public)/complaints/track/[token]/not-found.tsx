import type { Metadata } from 'next';
import Link from '@/components/link';

export const metadata: Metadata = { title: 'Tracking link not recognised', robots: { index: false, follow: false }, referrer: 'no-referrer' };

/** A token that matches no complaint (HTTP 404): mistyped, cut off when copied, or not ours. */
export default function TrackingLinkNotFound() {
  return (
    <div className="max-w-prose space-y-4">
      <h1>This tracking link is wrong or has expired</h1>
      <p>
        We found no complaint for this link. Links are long and easily cut off when copied: open the link from the confirmation mail we sent when you filed the
        complaint, or copy all of it into the address bar.
      </p>
      <p>
        If you cannot find the mail, <Link href="/complaints/new">file the complaint again</Link> and mention the reference of the first one if you have it.
      </p>
    </div>
  );
}
