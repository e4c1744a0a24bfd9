import { BADGE_LOOKS, badgeAccessibleName, type BadgeState } from './badge-states';

export type { BadgeState } from './badge-states';

export type BadgeSvgInput = { state: BadgeState; sealId: string | null; holderName?: string | null };

/** The image's size in CSS pixels: the script's badge has the same, so both snippets take the same room. */
export const BADGE_WIDTH = 220;
export const BADGE_HEIGHT = 48;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values alike: a holder's name is typed by an applicant and must stay text. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);
}

/** What the image says to a screen reader; the `<img>` snippet repeats the gist in its `alt`. */
export function badgeSvgTitle({ state, sealId, holderName }: BadgeSvgInput): string {
  let title = badgeAccessibleName(state);
  if (state !== 'not-verified' && state !== 'unavailable' && holderName) title += `, held by ${holderName}`;
  return sealId ? `${title} (${sealId})` : title;
}

/**
 * The badge as a standalone SVG image, for pages without JavaScript (`GET
 * /api/v1/seals/{sealId}/badge.svg`). Self-contained: no script, no external reference (fonts are
 * the viewer's own), every piece of text escaped. An `<img>` cannot know which page shows it, so
 * the image states the seal's status and leaves the domain check to the verification page it
 * links to (the server answers `not-verified` itself when the `Referer` names another host).
 */
export function renderBadgeSvg(input: BadgeSvgInput): string {
  const look = BADGE_LOOKS[input.state];
  const dash = look.dashed ? ' stroke-dasharray="3 2.2"' : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BADGE_WIDTH}" height="${BADGE_HEIGHT}" viewBox="0 0 ${BADGE_WIDTH} ${BADGE_HEIGHT}" role="img" data-state="${input.state}">`,
    `<title>${escapeXml(badgeSvgTitle(input))}</title>`,
    `<rect x="1" y="1" width="${BADGE_WIDTH - 2}" height="${BADGE_HEIGHT - 2}" rx="6" fill="#ffffff" stroke="${look.color}" stroke-width="2"/>`,
    `<path transform="translate(10 10) scale(1.1667)" d="${look.icon}" fill="none" stroke="${look.color}" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"${dash}/>`,
    `<g font-family="system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">`,
    `<text x="48" y="20" font-size="11" fill="#1f2328">OpenSeal privacy seal</text>`,
    `<text x="48" y="38" font-size="15" font-weight="700" fill="${look.color}">${escapeXml(look.word)}</text>`,
    `</g></svg>`,
  ].join('');
}
