import type { Metadata } from 'next';
import Link from '@/components/link';
import { SealLookupForm } from '../lookup-form';
import { Icon } from '@/components/icons';

export const metadata: Metadata = { title: 'No such seal: the badge may be fake' };

/**
 * Unknown or malformed ids (HTTP 404). A visitor lands here from a badge more often than by typing:
 * a badge that leads nowhere is a reason for suspicion, and the page says so and what to do.
 */
export default function SealNotFound() {
  return (
    <div className="space-y-6">
      <h1>No seal with this id</h1>
      <div role="alert" className="max-w-prose rounded-md border-2 border-red-700 bg-red-50 p-4 text-red-950" data-testid="fake-badge-warning">
        <p className="font-semibold">
          <Icon name="warning" className="mr-1" />
          Warning: the badge you clicked may be fake.
        </p>
        <p className="mt-2">
          We have never issued a seal with the id in this address. A genuine badge always leads to a page on this website that names the holder, its
          domains and the seal’s current status. Until you have found that page, do not rely on the badge, and think twice before you give the site
          personal or payment details.
        </p>
      </div>

      <section aria-labelledby="next-heading">
        <h2 id="next-heading">What you can do</h2>
        <ol className="max-w-prose list-decimal space-y-2 pl-6">
          <li>
            <span className="font-medium">Check the address bar.</span> A verification page is on this website, at /verify/ followed by an id like
            OS-7KQ2-9XF4. If you typed the id, compare it with the badge: a mistyped letter is the most common reason for this page.
          </li>
          <li>
            <span className="font-medium">Search for the site.</span> Look it up by its domain below, or in the <Link href="/directory">directory of certified sites</Link>.
          </li>
          <li>
            <span className="font-medium">Report it.</span> If the site shows a seal it does not hold,{' '}
            <Link href="/complaints/new">report a concern about the site</Link>: copied badges are how fraudulent shops borrow trust.
          </li>
        </ol>
      </section>

      <SealLookupForm idPrefix="not-found-lookup" />
    </div>
  );
}
