import type { JobDefinition } from './define-job';
import { casesEscalateJob } from './definitions/cases-escalate';
import { complaintsMonitorSightingsJob } from './definitions/complaints-monitor-sightings';
import { complaintsTriageDigestJob } from './definitions/complaints-triage-digest';
import { mailSendJob } from './definitions/mail-send';
import { mailSweepJob } from './definitions/mail-sweep';
import { policiesCheckJob } from './definitions/policies-check';
import { purgeSignInAttemptsJob } from './definitions/purge-sign-in-attempts';
import { sealExpiryRemindJob } from './definitions/seal-expiry-remind';
import { sealExpirySweepJob } from './definitions/seal-expiry-sweep';
import { sitesClaimsLapseJob } from './definitions/sites-claims-lapse';
import { uploadsExpireStagedJob } from './definitions/uploads-expire-staged';
import { webhooksDeliverJob } from './definitions/webhooks-deliver';
import { webhooksSweepJob } from './definitions/webhooks-sweep';
import { statusesExportJob } from './definitions/statuses-export';

/** Every job the platform runs; the runner registers exactly these queues. */
export const allJobs: readonly JobDefinition[] = [purgeSignInAttemptsJob, mailSendJob, mailSweepJob, sealExpirySweepJob, sealExpiryRemindJob, complaintsMonitorSightingsJob, complaintsTriageDigestJob, casesEscalateJob, sitesClaimsLapseJob, uploadsExpireStagedJob, policiesCheckJob, webhooksDeliverJob, webhooksSweepJob, statusesExportJob];
