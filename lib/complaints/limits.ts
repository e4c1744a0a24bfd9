/**
 * The limits of public intake, in one place: the services enforce them, the form states them.
 *
 * Rate limits count complaints already filed, in the database, so they hold across restarts and
 * across instances. Five an hour from one address lets a household or an office report several
 * sites in one sitting; three a day from one email address is more than a genuine complainant
 * needs, and stops one mailbox from flooding the queue through many connections.
 */
export const COMPLAINT_RATE_LIMITS = {
  perAddress: { max: 5, windowMs: 60 * 60_000, window: 'hour' },
  perEmail: { max: 3, windowMs: 24 * 60 * 60_000, window: 'day' },
} as const;

export const EVIDENCE_LIMITS = {
  maxFiles: 5,
  maxFileBytes: 2 * 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024,
} as const;

/**
 * The largest request body the server reads at all: the evidence at its largest plus 1 MB for the
 * text fields (10,000 characters of description at most 4 bytes each) and the multipart framing.
 * next.config.mjs repeats it as `serverActions.bodySizeLimit` (a unit test keeps the two equal).
 */
export const MAX_REQUEST_BODY_BYTES = EVIDENCE_LIMITS.maxTotalBytes + 1024 * 1024;

/**
 * A body above this is an upload: only a form with files sends one. Anything smaller (every form
 * without files) passes the upload gate (lib/server/upload-gate.ts) unchecked.
 */
export const UPLOAD_BODY_BYTES = 256 * 1024;

/**
 * Files staged through the upload route before a form refers to them (docs/adr/0021). One file per
 * request: a body over `maxRequestBytes` (the largest file and its multipart framing) is refused
 * from its Content-Length. Files are written in `chunkBytes` pieces, each its own statement. One
 * uploader (an account, or an anonymous browser) and one address may hold at most `pendingFiles`
 * files of `pendingBytes` together not yet attached (a form whose files were chosen again leaves
 * some behind); each is removed `ttlMs` after it was sent unless a form attached it.
 */
export const STAGED_UPLOAD_LIMITS = {
  maxRequestBytes: EVIDENCE_LIMITS.maxFileBytes + 64 * 1024,
  chunkBytes: 256 * 1024,
  pendingFiles: 4 * EVIDENCE_LIMITS.maxFiles,
  pendingBytes: 4 * EVIDENCE_LIMITS.maxTotalBytes,
  ttlMs: 2 * 60 * 60_000,
} as const;

export const TEXT_LIMITS = {
  descriptionMin: 20,
  descriptionMax: 10_000,
  nameMax: 200,
  emailMax: 320,
  noteMax: 2_000,
} as const;

export function megabytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MB`;
}

/** A file's size in the unit a person reads: bytes, KB (rounded up) or MB. */
export function fileSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : megabytes(bytes);
}
