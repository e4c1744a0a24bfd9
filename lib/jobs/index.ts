import type { JobDefinition } from './define-job';
import { purgeSignInAttemptsJob } from './definitions/purge-sign-in-attempts';

/** Every job the platform runs; the runner registers exactly these queues. */
export const allJobs: readonly JobDefinition[] = [purgeSignInAttemptsJob];
