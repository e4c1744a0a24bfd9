/**
 * What each badge state looks like and says, for both badges: the SVG image (badge-svg.ts) and the
 * script (seal-script.source.js, which receives this table when it is served). Every state differs
 * in its word and in its icon's shape, not only in colour: a visitor who cannot tell red from green,
 * or who sees the badge in greyscale, still reads the state.
 */
export const BADGE_STATES = ['active', 'suspended', 'revoked', 'expired', 'not-verified', 'unavailable'] as const;
export type BadgeState = (typeof BADGE_STATES)[number];

export type BadgeLook = {
  /** The word on the badge. */
  word: string;
  /** What the state tells a visitor, after "OpenSeal privacy seal: " (the active one adds " for <host>"). */
  meaning: string;
  /** Text and border colour; each at least 4.5:1 against the white badge. */
  color: string;
  /** Icon outline in a 24×24 box, stroked (never filled) so that the shape carries the meaning. */
  icon: string;
  /** A dashed outline: the "we do not know" states. */
  dashed?: boolean;
};

const CIRCLE = 'M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z';

export const BADGE_LOOKS: Record<BadgeState, BadgeLook> = {
  active: { word: 'ACTIVE', meaning: 'active — verified', color: '#116329', icon: `${CIRCLE}M7 12.5l3.5 3.5L17 9` },
  suspended: { word: 'SUSPENDED', meaning: 'suspended — not valid at present', color: '#8a4600', icon: `${CIRCLE}M9.5 8v8M14.5 8v8` },
  revoked: {
    word: 'REVOKED',
    meaning: 'revoked — withdrawn by the seal authority',
    color: '#b3111d',
    icon: 'M8 2h8l6 6v8l-6 6H8l-6-6V8zM8.5 8.5l7 7M15.5 8.5l-7 7',
  },
  expired: { word: 'EXPIRED', meaning: 'expired — no longer valid', color: '#4d5561', icon: 'M6 3h12L6 21h12z' },
  'not-verified': {
    word: 'NOT VERIFIED',
    meaning: 'NOT VERIFIED for this site',
    color: '#a0111f',
    icon: 'M12 2.5L22.5 21h-21zM12 9.5v5M12 17v1',
  },
  unavailable: {
    word: 'UNAVAILABLE',
    meaning: 'status unavailable — could not be checked',
    color: '#4d5561',
    icon: `${CIRCLE}M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .8-1 1.7M12 16.5v1`,
    dashed: true,
  },
};

/**
 * The accessible name of a badge: "OpenSeal privacy seal: active — verified for toysmart.example",
 * "OpenSeal privacy seal: NOT VERIFIED for this site", …
 */
export function badgeAccessibleName(state: BadgeState, host?: string | null): string {
  const meaning = BADGE_LOOKS[state].meaning;
  return `OpenSeal privacy seal: ${state === 'active' && host ? `${meaning} for ${host}` : meaning}`;
}
