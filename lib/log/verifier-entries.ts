import { z } from 'zod';

/*
 * A log entry as an outside verifier reads it: the public contract of DESIGN.md ("Contract
 * additions"), checked from the bytes alone. Nothing here comes from the server's code, so a
 * server that drifts from the contract is caught.
 */

export const LOG_EVENTS = ['issued', 'suspended', 'reinstated', 'revoked', 'expired', 'renewed', 'reason_changed'] as const;
export const PUBLIC_STATUSES = ['active', 'suspended', 'revoked', 'expired'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** RFC 3339 in UTC with milliseconds, as `Date.prototype.toISOString` writes it for years 0000–9999. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const timestamp = z
  .string()
  .regex(TIMESTAMP, 'expected an RFC 3339 UTC time with milliseconds, like 2025-01-31T09:30:00.000Z')
  .refine((text) => {
    const time = Date.parse(text);
    // Date.parse would roll 2025-02-30 over into March: only a date that reads back the same is real.
    return Number.isFinite(time) && new Date(time).toISOString() === text;
  }, 'expected a date and time that exist');

export const LogEntrySchema = z.object({
  sealId: z.string().regex(/^OS-[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'expected a public seal id like OS-7KQ2-9XF4'),
  event: z.enum(LOG_EVENTS),
  status: z.enum(PUBLIC_STATUSES),
  reason: z.string().nullable(),
  occurredAt: timestamp,
  expiresAt: timestamp,
  criteriaVersion: z.number().int().nonnegative(),
});

export type VerifiedLogEntry = z.infer<typeof LogEntrySchema>;

/** Events that leave a seal in one status only; `renewed` and `reason_changed` may leave it in several. */
const STATUS_AFTER: Partial<Record<VerifiedLogEntry['event'], PublicStatus>> = {
  issued: 'active',
  reinstated: 'active',
  suspended: 'suspended',
  revoked: 'revoked',
  expired: 'expired',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The entry the bytes hold, or what is wrong with them, in words. */
export function readLogEntry(bytes: Uint8Array): { entry: VerifiedLogEntry } | { problem: string } {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { problem: 'is not valid UTF-8' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'is not JSON' };
  }
  const parsed = LogEntrySchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'the entry'}: ${issue.message}`);
    return { problem: `does not have the fields of a log entry (${issues.join('; ')})` };
  }
  if (canonicalJson(json) !== text) return { problem: 'is not in canonical JSON form (RFC 8785): the log hashes entries only in that form' };
  const expected = STATUS_AFTER[parsed.data.event];
  if (expected && parsed.data.status !== expected) {
    return { problem: `records the event "${parsed.data.event}" with the status "${parsed.data.status}" (expected "${expected}")` };
  }
  return { entry: parsed.data };
}

/**
 * RFC 8785 (JCS) for values JSON.parse returns: object members sorted by their UTF-16 code units,
 * no whitespace, and strings and numbers written as ECMAScript's JSON.stringify writes them.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
