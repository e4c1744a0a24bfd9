/**
 * The environment variable through which `npm start` (scripts/start.ts) hands the data folder's
 * lock to the server it runs (scripts/serve.ts): the lock record as JSON. Internal; not a setting.
 */
export const LOCK_HANDED_OVER_VARIABLE = 'OPENSEAL_INTERNAL_LOCK_HANDED_OVER';
