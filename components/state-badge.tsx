import type { ApplicationStatus, CaseStatus, SealStatus } from '@/db/schema';
import { caseStatusLabels } from '@/lib/cases/labels';
import { caseStatusSiteLabels } from '@/lib/cases/site-labels';
import { Icon, type IconName } from './icons';

/**
 * The one look of a record's state, wherever it is shown — a seal on its public page and in the
 * staff list, an application in the portal and in the review queue, a case for the site and for
 * staff: a word and an icon, with colour only as a third cue (never colour alone). Each state has
 * one word, one icon and one tone, so the same state reads the same everywhere.
 */
type Tone = 'good' | 'attention' | 'bad' | 'ended' | 'progress';
type Presentation = { word: string; icon: IconName; tone: Tone };

const toneClasses: Record<Tone, string> = {
  good: 'border-green-700 bg-green-50 text-green-900',
  attention: 'border-amber-700 bg-amber-50 text-amber-900',
  bad: 'border-red-700 bg-red-50 text-red-900',
  ended: 'border-slate-600 bg-slate-100 text-slate-800',
  progress: 'border-blue-700 bg-blue-50 text-blue-900',
};

function StateBadge({ presentation, state, large = false, testId }: { presentation: Presentation; state: string; large?: boolean; testId?: string }) {
  const size = large ? 'px-3 py-1 text-base' : 'px-2 py-0.5 text-xs';
  return (
    <span className={`inline-flex items-center gap-1 rounded border font-semibold ${size} ${toneClasses[presentation.tone]}`} data-status={state}>
      <Icon name={presentation.icon} />
      <span data-testid={testId}>{presentation.word}</span>
    </span>
  );
}

const sealStates: Record<SealStatus, Presentation> = {
  active: { word: 'Active', icon: 'check', tone: 'good' },
  suspended: { word: 'Suspended', icon: 'pause', tone: 'attention' },
  revoked: { word: 'Revoked', icon: 'cross', tone: 'bad' },
  expired: { word: 'Expired', icon: 'hourglass', tone: 'ended' },
};

const applicationStates: Record<ApplicationStatus, Presentation> = {
  draft: { word: 'Draft', icon: 'pencil', tone: 'ended' },
  submitted: { word: 'Submitted', icon: 'clock', tone: 'progress' },
  in_review: { word: 'In review', icon: 'search', tone: 'progress' },
  changes_requested: { word: 'Changes requested', icon: 'warning', tone: 'attention' },
  approved: { word: 'Approved', icon: 'check', tone: 'good' },
  rejected: { word: 'Rejected', icon: 'cross', tone: 'bad' },
  withdrawn: { word: 'Withdrawn', icon: 'minus', tone: 'ended' },
};

/** Icon and tone per case state; the word depends on who reads it (the site, or staff). */
const caseStates: Record<CaseStatus, Omit<Presentation, 'word'>> = {
  open: { icon: 'circle', tone: 'progress' },
  awaiting_site_response: { icon: 'clock', tone: 'attention' },
  in_review: { icon: 'search', tone: 'progress' },
  decided: { icon: 'check', tone: 'ended' },
  appealed: { icon: 'warning', tone: 'attention' },
  closed: { icon: 'minus', tone: 'ended' },
};

export function sealStatusWord(status: SealStatus): string {
  return sealStates[status].word;
}

export function applicationStatusWord(status: ApplicationStatus): string {
  return applicationStates[status].word;
}

export function SealStatusBadge({ status, large }: { status: SealStatus; large?: boolean }) {
  return <StateBadge presentation={sealStates[status]} state={status} large={large} />;
}

export function ApplicationStatusBadge({ status, testId }: { status: ApplicationStatus; testId?: string }) {
  return <StateBadge presentation={applicationStates[status]} state={status} testId={testId} />;
}

/** A case's state in the words of its reader: the site in the portal, staff in the review area. */
export function CaseStatusBadge({ status, reader, testId, large }: { status: CaseStatus; reader: 'site' | 'staff'; testId?: string; large?: boolean }) {
  const word = reader === 'site' ? caseStatusSiteLabels[status] : caseStatusLabels[status];
  return <StateBadge presentation={{ word, ...caseStates[status] }} state={status} testId={testId} large={large} />;
}
