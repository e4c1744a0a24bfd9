import type { ApiKeyKind } from '@/db/schema/api-keys';

/** Calls per key per minute by kind (issue #17), unless an admin set the key's own; read by the forms too, so nothing here touches the database. */
export const API_RATE_LIMITS: Record<ApiKeyKind, number> = { organization: 120, relying_party: 600, authority: 300 };

/** The most an admin may allow one key a minute. */
export const MAX_CALLS_PER_MINUTE = 1_000_000;

/** A window is a clock minute. */
export const RATE_WINDOW_MS = 60_000;
