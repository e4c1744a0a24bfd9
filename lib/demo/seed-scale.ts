import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { criteriaVersions, programs, users } from '@/db/schema';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { SEAL_ID_ALPHABET } from '@/lib/seals/public-id';

/**
 * A seal program that has run for years, for the page benchmarks (issue #12, `npm run seed:scale`):
 * organizations with their owner, proven site, approved application and seal (active, suspended,
 * revoked or expired); applications waiting for review; complaints (one in 200 new, a quarter in
 * cases, the rest dismissed); cases (90 % closed, with their decision); audit events; and
 * notifications for the demo reviewer (one in 200 unread).
 *
 * Set-based SQL in batches (generate_series), with ids derived from a run tag and a row number
 * (md5 → uuid), so rows point at each other without lookups and a second run adds a second world
 * beside the first. It builds on the demo data: its program, criteria, reviewer and admin.
 */
const count = (fallback: number) => z.coerce.number().int().min(0).max(50_000_000).default(fallback);
export const ScaleOptions = z.object({
  seals: count(100_000).pipe(z.number().min(1, 'At least one seal.')),
  complaints: count(1_000_000),
  cases: count(20_000),
  audit: count(2_000_000),
  notifications: count(1_000_000),
  pending: count(2_000),
  batch: count(50_000).pipe(z.number().min(1_000)),
});
export type ScaleOptions = z.infer<typeof ScaleOptions>;

const DEMO_REVIEWER = 'reviewer@openseal.example';
const DEMO_ADMIN = 'admin@openseal.example';

const DAY = "interval '1 day'";

/** A public reference (`OS-XXXX-XXXX`, `C-…`, `K-…`) from a row number: a bijection mod 31^8, scattered. */
function referenceSql(prefix: string, n: string, salt: number): string {
  const scrambled = `((${n})::bigint * 387420489 + ${salt}) % 852891037441`;
  const chars = Array.from({ length: 8 }, (_, k) => `substr('${SEAL_ID_ALPHABET}', ((${scrambled} / ${31 ** (7 - k)}) % 31)::int + 1, 1)`);
  return `'${prefix}-' || ${chars.slice(0, 4).join(' || ')} || '-' || ${chars.slice(4).join(' || ')}`;
}

type ScaleWorld = { tag: string; programId: string; criteriaVersionId: string; reviewerId: string; adminId: string; passwordHash: string; salt: number };

/**
 * The row `n`'s id in `kind` for this run: stable, so other rows can refer to it. Shaped as a
 * version-4 UUID (version and variant digits set), as the services' zod checks (`z.uuid()`) require.
 */
const idSql = (world: ScaleWorld, kind: string, n: string) => `overlay(overlay(md5('${world.tag}-${kind}-' || (${n})) placing '4' from 13) placing '8' from 17)::uuid`;

async function batches(db: Database, log: (line: string) => void, label: string, total: number, size: number, statement: (lo: number, hi: number) => string) {
  const started = performance.now();
  for (let lo = 1; lo <= total; lo += size) {
    const hi = Math.min(total, lo + size - 1);
    // One statement per query: the extended protocol (PostgreSQL and PGlite alike) takes no more.
    for (const part of statement(lo, hi).split(/;\s*\n(?=\s*insert )/)) await db.execute(sql.raw(part));
  }
  if (total > 0) log(`  ${label}: ${total.toLocaleString('en')} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

async function seedWorld(db: Database, world: ScaleWorld, o: ScaleOptions, log: (line: string) => void) {
  const { tag } = world;
  const orgs = o.seals + o.pending;
  const seal = (n: string) => idSql(world, 'seal', n);
  // Each seal event is an entry of the public log (ADR 0023), numbered on from the last one.
  const nextLogIndex = '(select coalesce(max(log_index) + 1, 0) from seal_events)';
  const criteriaVersion = `(select version from criteria_versions where id = '${world.criteriaVersionId}')`;
  const org = (n: string) => idSql(world, 'org', n);
  // Seal n's status: 3 % suspended, 3 % revoked, 3 % expired, the rest active.
  const sealStatus = (n: string) => `(case when (${n}) % 100 < 3 then 'suspended' when (${n}) % 100 < 6 then 'revoked' when (${n}) % 100 < 9 then 'expired' else 'active' end)`;

  await batches(db, log, 'owners', orgs, o.batch, (lo, hi) => `
    insert into users (id, email, name, password_hash, role, created_at, updated_at)
    select ${idSql(world, 'user', 'g')}, 'owner-${tag}-' || g || '@scale.example', 'Owner ' || g, '${world.passwordHash}', 'applicant',
           now() - (g % 1500) * ${DAY}, now() - (g % 1500) * ${DAY}
    from generate_series(${lo}, ${hi}) g`);
  await batches(db, log, 'organizations', orgs, o.batch, (lo, hi) => `
    insert into organizations (id, legal_name, country, contact_email, website, created_at)
    select ${org('g')}, 'Scale Shop ' || g || ' Ltd', (array['US','GB','DE','FR','NL','CA'])[g % 6 + 1],
           'privacy@site-${tag}-' || g || '.example', 'https://site-${tag}-' || g || '.example', now() - (g % 1500) * ${DAY}
    from generate_series(${lo}, ${hi}) g;
    insert into memberships (organization_id, user_id, role, created_at)
    select ${org('g')}, ${idSql(world, 'user', 'g')}, 'owner', now() - (g % 1500) * ${DAY} from generate_series(${lo}, ${hi}) g`);
  await batches(db, log, 'sites', orgs, o.batch, (lo, hi) => `
    insert into sites (id, organization_id, domain, verification_token, verified_at, verified_by, claimed_by, created_at)
    select ${idSql(world, 'site', 'g')}, ${org('g')}, 'site-${tag}-' || g || '.example', md5('${tag}-token-' || g),
           now() - (g % 1500) * ${DAY}, 'dns', ${idSql(world, 'user', 'g')}, now() - (g % 1500) * ${DAY}
    from generate_series(${lo}, ${hi}) g`);
  // Organizations 1..seals hold an approved application and its seal; the rest wait for review.
  await batches(db, log, 'applications', orgs, o.batch, (lo, hi) => `
    insert into applications (id, organization_id, site_id, program_id, criteria_version_id, status, kind, assigned_reviewer_id, assigned_at,
                              created_by_id, submitted_at, decided_at, decision_note, created_at, updated_at)
    select ${idSql(world, 'application', 'g')}, ${org('g')}, ${idSql(world, 'site', 'g')}, '${world.programId}', '${world.criteriaVersionId}',
           (case when g <= ${o.seals} then 'approved' when g % 3 = 0 then 'in_review' else 'submitted' end)::application_status, 'new',
           case when g > ${o.seals} and g % 3 = 0 then '${world.reviewerId}'::uuid end, case when g > ${o.seals} and g % 3 = 0 then now() - (g % 20) * ${DAY} end,
           ${idSql(world, 'user', 'g')}, now() - (g % 1500 + 20) * ${DAY} * (case when g <= ${o.seals} then 1 else 0 end) - (g % 30) * ${DAY},
           case when g <= ${o.seals} then now() - (g % 1500) * ${DAY} end, case when g <= ${o.seals} then 'Meets every criterion.' end,
           now() - (g % 1500 + 30) * ${DAY}, now() - (g % 1500) * ${DAY}
    from generate_series(${lo}, ${hi}) g;
    insert into application_sites (application_id, site_id) select ${idSql(world, 'application', 'g')}, ${idSql(world, 'site', 'g')} from generate_series(${lo}, ${hi}) g`);
  await batches(db, log, 'seals', o.seals, o.batch, (lo, hi) => `
    insert into seals (id, public_id, organization_id, site_id, program_id, criteria_version_id, application_id, status,
                       issued_at, expires_at, status_changed_at, status_reason, reinstatement_requirements, revocation_reason, created_at)
    select ${seal('g')}, ${referenceSql('OS', 'g', world.salt)}, ${org('g')}, ${idSql(world, 'site', 'g')}, '${world.programId}', '${world.criteriaVersionId}',
           ${idSql(world, 'application', 'g')}, ${sealStatus('g')}::seal_status,
           issued, case when ${sealStatus('g')} = 'expired' then now() - (g % 300 + 1) * ${DAY} else issued + interval '1 year' end,
           case when ${sealStatus('g')} in ('suspended', 'revoked') then now() - (g % 90) * ${DAY} else issued end,
           case ${sealStatus('g')} when 'suspended' then 'A complaint is under investigation.' when 'revoked' then 'The complaint was upheld.' end,
           case when ${sealStatus('g')} = 'suspended' then 'Answer the case and correct the practice.' end,
           case when ${sealStatus('g')} = 'revoked' then 'complaint_upheld'::revocation_reason end, issued
    from (select g, case when g % 100 between 6 and 8 then now() - interval '1 year' - (g % 300 + 1) * ${DAY} else now() - (g % 360) * ${DAY} end as issued
          from generate_series(${lo}, ${hi}) g) s;
    insert into seal_domains (seal_id, domain) select ${seal('g')}, 'site-${tag}-' || g || '.example' from generate_series(${lo}, ${hi}) g;
    insert into seal_events (seal_id, type, status, expires_at, occurred_at, log_index, log_entry)
    select id, 'issued', 'active', lapse, issued_at, ${nextLogIndex} + row_number() over (order by issued_at, id) - 1,
           log_entry_bytes(public_id, 'issued', 'active', null, issued_at, lapse, ${criteriaVersion})
    from (select *, case when status = 'expired' then issued_at + interval '1 year' else expires_at end as lapse from seals
          where id in (select ${seal('g')} from generate_series(${lo}, ${hi}) g)) s;
    insert into seal_events (seal_id, type, reason, status, expires_at, occurred_at, log_index, log_entry)
    select id, event::seal_event_type, status_reason, status, expires_at, status_changed_at, ${nextLogIndex} + row_number() over (order by status_changed_at, id) - 1,
           log_entry_bytes(public_id, event, status::text, status_reason, status_changed_at, expires_at, ${criteriaVersion})
    from (select *, case status when 'suspended' then 'suspended' when 'revoked' then 'revoked' else 'expired' end as event from seals
          where status <> 'active' and id in (select ${seal('g')} from generate_series(${lo}, ${hi}) g)) s`);
  // The public log's counter covers the entries written above (lib/services/seals/seal-records.ts).
  await db.execute(sql.raw(`update log_head set size = ${nextLogIndex}`));

  // Case j is about seal (j * 7) mod seals + 1: 90 % closed, the rest spread over the open states.
  const caseSeal = (j: string) => `((${j})::bigint * 7 % ${o.seals} + 1)`;
  const caseStatus = (j: string) =>
    `(case when (${j}) % 100 < 4 then 'open' when (${j}) % 100 < 6 then 'awaiting_site_response' when (${j}) % 100 < 8 then 'in_review' when (${j}) % 100 < 10 then 'decided' else 'closed' end)`;
  await batches(db, log, 'cases', o.cases, o.batch, (lo, hi) => `
    insert into cases (id, reference, kind, organization_id, seal_id, domain, title, status, assigned_reviewer_id, opened_by_id, fast_track,
                       response_due_at, opened_at, decided_at, closed_at, updated_at)
    select ${idSql(world, 'case', 'j')}, ${referenceSql('K', 'j', world.salt + 1)}, 'complaint', ${org(caseSeal('j'))}, ${seal(caseSeal('j'))},
           'site-${tag}-' || ${caseSeal('j')} || '.example', 'Complaints about site-${tag}-' || ${caseSeal('j')} || '.example',
           ${caseStatus('j')}::case_status, case when j % 3 = 0 then '${world.reviewerId}'::uuid end, '${world.reviewerId}', j % 10 = 0,
           case when ${caseStatus('j')} = 'awaiting_site_response' then now() + (j % 20 - 5) * ${DAY} end,
           opened, case when ${caseStatus('j')} in ('decided', 'closed') then opened + interval '20 days' end,
           case when ${caseStatus('j')} = 'closed' then opened + interval '40 days' end, opened + interval '1 day'
    from (select j, now() - (j % 1400 + 1) * ${DAY} as opened from generate_series(${lo}, ${hi}) j) c;
    insert into case_decisions (case_id, outcome, state, reason_for_site, summary_for_complainant, decided_by_id, decided_at, appealable_until)
    select id, 'no_violation', 'in_effect', 'The practice complained of was not found.', 'We looked into it and found no violation.',
           '${world.reviewerId}', decided_at, decided_at + interval '14 days'
    from cases where decided_at is not null and id in (select ${idSql(world, 'case', 'j')} from generate_series(${lo}, ${hi}) j)`);

  // Complaint k: one in 200 new (waiting for triage), one in 4 in a case (about that case's seal), the rest dismissed.
  const inCase = (k: string) => `(${k}) % 200 <> 0 and (${k}) % 4 = 0 and ${o.cases} > 0`;
  const complaintSeal = (k: string) => `(case when ${inCase(k)} then ${caseSeal(`(${k}) % greatest(${o.cases}, 1) + 1`)} else (${k})::bigint * 13 % ${o.seals} + 1 end)`;
  await batches(db, log, 'complaints', o.complaints, o.batch, (lo, hi) => `
    insert into complaints (id, reference, tracking_token_hash, source, category, seal_id, domain, organization_id, description,
                            complainant_name, complainant_email, status, dismissal_reason, dismissed_at, dismissed_by_id, fast_track,
                            case_id, created_at, updated_at)
    select ${idSql(world, 'complaint', 'k')}, ${referenceSql('C', 'k', world.salt + 2)}, md5('${tag}-tracking-' || k) || md5('${tag}-' || k),
           'public', (array['data_sale','third_party_sharing','ignored_opt_out','security_incident','seal_misuse','other'])[k % 6 + 1]::complaint_category,
           ${seal('s')}, 'site-${tag}-' || s || '.example', ${org('s')},
           'They sold my order history to a marketing list without asking (' || k || ').', 'Person ' || (k % 50000),
           'person' || (k % 50000) || '@mail.example',
           (case when k % 200 = 0 then 'new' when ${inCase('k')} then 'in_case' else 'dismissed' end)::complaint_status,
           case when k % 200 <> 0 and not (${inCase('k')}) then (array['out_of_scope','duplicate','spam','insufficient_information'])[k % 4 + 1]::complaint_dismissal_reason end,
           case when k % 200 <> 0 and not (${inCase('k')}) then filed + interval '2 days' end,
           case when k % 200 <> 0 and not (${inCase('k')}) then '${world.reviewerId}'::uuid end,
           k % 200 = 0 and k % 1000 = 0,
           case when ${inCase('k')} then ${idSql(world, 'case', `k % greatest(${o.cases}, 1) + 1`)} end,
           filed, filed
    from (select k, ${complaintSeal('k')} as s, case when k % 200 = 0 then now() - (k % 30) * interval '1 hour' else now() - (k % 1400 + 1) * ${DAY} end as filed
          from generate_series(${lo}, ${hi}) k) c`);

  const entities = `(array['seal','complaint','case','application'])`;
  await batches(db, log, 'audit events', o.audit, o.batch * 2, (lo, hi) => `
    insert into audit_events (actor_id, action, entity_type, entity_id, before, after, occurred_at)
    select case when a % 10 = 0 then '${world.adminId}'::uuid else '${world.reviewerId}'::uuid end,
           ${entities}[a % 4 + 1] || (array['.updated','.status-changed','.note-added'])[a % 3 + 1], ${entities}[a % 4 + 1],
           (case a % 4 when 0 then ${seal(`a % ${o.seals} + 1`)} when 1 then ${idSql(world, 'complaint', `a % greatest(${o.complaints}, 1) + 1`)}
                       when 2 then ${idSql(world, 'case', `a % greatest(${o.cases}, 1) + 1`)} else ${idSql(world, 'application', `a % ${orgs} + 1`)} end)::text,
           jsonb_build_object('status', 'open'), jsonb_build_object('status', 'closed', 'note', 'Step ' || a),
           now() - (a % 730) * ${DAY} - (a % 86400) * interval '1 second'
    from generate_series(${lo}, ${hi}) a`);
  await batches(db, log, 'notifications', o.notifications, o.batch * 2, (lo, hi) => `
    insert into notifications (recipient_id, kind, subject, body, link, read_at, created_at)
    select '${world.reviewerId}', 'complaint.received', 'A new complaint', 'A complaint was filed about a sealed site.', '/review/complaints',
           case when n % 200 <> 0 then now() - (n % 1400) * ${DAY} end, now() - (n % 1400 + 1) * ${DAY}
    from generate_series(${lo}, ${hi}) n`);
  log('  analyze…');
  await db.execute(sql`analyze`);
}


/**
 * Writes one scale world into a database that holds the demo data; returns the run's tag (the
 * owners sign in as `owner-{tag}-{n}@scale.example` with the demo reviewer's password).
 */
export async function seedScale(db: Database, input: Partial<Record<keyof ScaleOptions, unknown>>, log: (line: string) => void = () => {}): Promise<{ tag: string; options: ScaleOptions }> {
  const options = ScaleOptions.parse(input);
  const [found] = await db
    .select({ programId: programs.id, criteriaVersionId: criteriaVersions.id })
    .from(programs)
    .innerJoin(criteriaVersions, and(eq(criteriaVersions.programId, programs.id), eq(criteriaVersions.status, 'published')))
    .orderBy(asc(programs.createdAt), desc(criteriaVersions.version))
    .limit(1);
  const staff = await db.select({ id: users.id, email: users.email, passwordHash: users.passwordHash }).from(users).where(inArray(users.email, [DEMO_REVIEWER, DEMO_ADMIN]));
  const reviewer = staff.find((user) => user.email === DEMO_REVIEWER);
  const admin = staff.find((user) => user.email === DEMO_ADMIN);
  if (!found || !reviewer || !admin) throw new Error('No published criteria version or no demo reviewer and admin: seed the demo data first.');
  const tag = crypto.randomBytes(3).toString('hex');
  const world: ScaleWorld = {
    tag,
    programId: found.programId,
    criteriaVersionId: found.criteriaVersionId,
    reviewerId: reviewer.id,
    adminId: admin.id,
    passwordHash: reviewer.passwordHash,
    salt: crypto.randomInt(1, 852_891_037_441),
  };
  await seedWorld(db, world, options, log);
  return { tag, options };
}
