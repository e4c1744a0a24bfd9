import Link from '@/components/link';
import type { Seal } from '@/db/schema';
import { publicOrigin } from '@/lib/server/public-origin';
import { BADGE_HEIGHT, BADGE_WIDTH } from '@/lib/badge/badge-svg';
import { CopySnippet } from './copy-snippet';

/** The two ways to show a seal on a site (DESIGN.md "Public contract"): the live script, and an image for pages without JavaScript. */
export function badgeSnippets(origin: string, sealId: string) {
  return {
    script: `<script async src="${origin}/embed/v1/seal.js" data-seal-id="${sealId}"></script>`,
    image: `<a href="${origin}/verify/${sealId}"><img src="${origin}/api/v1/seals/${sealId}/badge.svg" alt="OpenSeal privacy seal ${sealId}: check its current status" width="${BADGE_WIDTH}" height="${BADGE_HEIGHT}"></a>`,
  };
}

/**
 * "Show your seal" on the portal site page. A revoked seal gets no snippets: it can never show
 * anything but revoked. An expired one keeps them, because a renewal keeps its id.
 */
export async function BadgeSnippets({ seals }: { seals: Array<Pick<Seal, 'publicId' | 'status'>> }) {
  const shown = seals.filter((seal) => seal.status !== 'revoked');
  if (shown.length === 0) return null;
  const origin = await publicOrigin();
  return (
    <section aria-labelledby="show-seal-heading" data-testid="badge-snippets">
      <h2 id="show-seal-heading">Show your seal</h2>
      {shown.map((seal) => {
        const snippets = badgeSnippets(origin, seal.publicId);
        return (
          <div key={seal.publicId} className="card max-w-3xl">
            <p className="mb-3 max-w-prose text-sm">
              Paste one of these into your pages where the badge should appear. The badge always shows the seal’s current status, and only on the
              domains the seal covers. Visitors who click it reach the <Link href={`/verify/${seal.publicId}`}>verification page of {seal.publicId}</Link>.
            </p>
            <CopySnippet label={`Script snippet for ${seal.publicId} (recommended)`} value={snippets.script} rows={2} testId={`script-snippet-${seal.publicId}`} />
            <CopySnippet label={`Snippet without JavaScript for ${seal.publicId}`} value={snippets.image} rows={3} testId={`image-snippet-${seal.publicId}`} />
            <p className="text-sm text-slate-700">
              If your site sends a Content-Security-Policy, allow <code>{origin}</code> in <code>script-src</code> and <code>connect-src</code> (and in{' '}
              <code>img-src</code> for the image snippet).
            </p>
          </div>
        );
      })}
    </section>
  );
}
