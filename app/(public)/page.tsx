import Link from 'next/link';

export default function HomePage() {
  return (
    <div className="space-y-4">
      <h1>OpenSeal</h1>
      <p className="max-w-prose">
        OpenSeal runs a trust-seal program. Websites apply for a seal, reviewers assess them against published criteria,
        anyone can complain about a certified site, and the badge on a site always shows the seal&apos;s true, current state:
        active, suspended, revoked or expired.
      </p>
      <ul className="list-disc pl-6">
        <li>
          Run a website? <Link href="/signup">Create an account</Link> to apply for a seal.
        </li>
        <li>
          Already have an account? <Link href="/login">Sign in</Link>.
        </li>
      </ul>
    </div>
  );
}
