import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock, nowDate } from '@/lib/clock';
import { decideAppeal } from '@/lib/services/cases/decide-appeal';
import { decideCase } from '@/lib/services/cases/decide-case';
import { openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { replyAsComplainant } from '@/lib/services/cases/reply-as-complainant';
import { requestComplainantInfo } from '@/lib/services/cases/request-complainant-info';
import { trackComplaint } from '@/lib/services/complaints/track-complaint';
import { testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { actingAs, appealAs, caseSuiteDatabase, decision, type User } from './cases-decisions-fixtures';
import { file, publicContext, SAMPLE_FILES } from './complaints-fixtures';

let database: TestDatabase;
let programId: string;
let rita: User;
let olga: User;
let issuer: User;
beforeAll(async () => {
  ({ database, programId, rita, issuer } = await caseSuiteDatabase());
  olga = await seedUser(database.db, { role: 'reviewer', name: 'Olga Outsider' });
});
afterAll(async () => {
  await database?.close();
});

const MINUTE = 60_000;

/** A visitor's complaint with two files, in a case Rita opened; each step a minute after the last. */
async function story() {
  const clock = createTestClock();
  const as = actingAs(database.db, clock);
  const issued = await seedIssuedSeal(database.db, { programId, reviewerId: issuer.id });
  const visitor = publicContext(database.db, clock);
  const filed = await file(visitor, { sealId: issued.seal.publicId }, {
    complainantName: 'Carla Private-Name',
    evidence: [
      { name: 'advert.png', bytes: SAMPLE_FILES.png },
      { name: 'mail from the shop.txt', bytes: SAMPLE_FILES.text },
    ],
  });
  const caseRow = await openCaseFromComplaint({ ctx: as(rita), input: { complaintRef: filed.complaint.reference } });
  const later = () => clock.setTime(clock.now() + MINUTE);
  return { ...issued, ...filed, caseRow, clock, as, later, track: () => trackComplaint({ ctx: visitor, input: { token: filed.trackingToken } }) };
}

describe(`the complainant’s tracking page (${testDriver})`, () => {
  it('[COMPLAINANT] reads what they wrote and which files they sent, never their name or address, and no way to download the files', async () => {
    const s = await story();
    const tracked = await s.track();
    expect(tracked.wrote).toEqual({
      description: 'The shop sent my address to an advertising partner although its policy promises it never shares data.',
      occurredOn: '2026-01-10',
      contactedCompany: true,
      contactedCompanyOn: '2026-01-12',
      shareIdentity: false,
    });
    expect(tracked.files).toEqual([
      { name: 'advert.png', sizeBytes: SAMPLE_FILES.png.byteLength, contentType: 'image/png' },
      { name: 'mail from the shop.txt', sizeBytes: SAMPLE_FILES.text.byteLength, contentType: 'text/plain' },
    ]);
    const everything = JSON.stringify(tracked);
    for (const secret of ['Carla Private-Name', s.complaint.complainantEmail!]) expect(everything).not.toContain(secret);
    // Listed by name, size and type only: nothing the page could serve.
    expect(Object.keys(tracked.files[0]!).sort()).toEqual(['contentType', 'name', 'sizeBytes']);
  });

  it('[COMPLAINANT] reads the questions, their answers, the decisions and the site’s appeal in the order they happened', async () => {
    const s = await story();
    await s.later();
    await requestComplainantInfo({ ctx: s.as(rita), input: { caseRef: s.caseRow.reference, body: 'When did the shop first write to you about the sale?' } });
    await s.later();
    await replyAsComplainant({ ctx: publicContext(database.db, s.clock), input: { token: s.trackingToken, body: 'On 2 June, from sales@shop.example.' } });
    await s.later();
    const { decision: warning } = await decideCase({ ctx: s.as(rita), input: decision(s.caseRow.reference, 'warning', { summaryForComplainant: 'We upheld your complaint and warned the site.' }) });
    await s.later();
    const { appeal } = await appealAs(s.as(s.owner), s.caseRow.reference, warning.id);
    await s.later();
    await decideAppeal({
      ctx: s.as(olga),
      input: { appealId: appeal.id, outcome: 'changed', note: 'The partner was bound by contract; a remedy is on record.', newOutcome: 'remedied', reasonForSite: 'You ended the sharing.', summaryForComplainant: 'On appeal: the site put the problem right.' },
    });

    const { investigation } = await s.track();
    expect(investigation!.timeline.map((entry) => [entry.kind, entry.kind === 'message' ? entry.from : entry.kind === 'decision' ? `${entry.outcome}${entry.overturned ? ' (overturned)' : ''}` : `${entry.against}: ${entry.result ?? 'filed'}`])).toEqual([
      ['message', 'reviewer'],
      ['message', 'you'],
      ['decision', 'warning (overturned)'],
      ['appeal', 'warning: filed'],
      ['appeal', 'warning: changed'],
      ['decision', 'remedied'],
    ]);
    expect(investigation!.timeline.filter((entry) => entry.kind === 'decision').map((entry) => entry.kind === 'decision' && entry.summary)).toEqual(['We upheld your complaint and warned the site.', 'On appeal: the site put the problem right.']);
    // Oldest first, as the page shows it.
    const times = investigation!.timeline.map((entry) => entry.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)).toBe(nowDate(s.clock).getTime());
    // The outcome in effect is the replacement; the appeal's grounds and the reasons for the site are not shown.
    expect(investigation!.outcomes.map((outcome) => outcome.outcome)).toEqual(['remedied']);
    const everything = JSON.stringify(investigation);
    for (const secret of ['deletion logs', 'You ended the sharing.', 'bound by contract']) expect(everything).not.toContain(secret);
  });
});
