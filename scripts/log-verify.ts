/**
 * npm run log:verify -- https://seal.example.org [--state DIR] [--key VERIFIER_KEY] [--witness WITNESS_KEY]… [--concurrency N]
 *
 * Checks an OpenSeal server's public log from the outside, over HTTP only (lib/log/verifier.ts).
 * Remembers the log's key and the last verified checkpoint in DIR (default
 * .openseal-log-verify/<host> under the current folder), so each run also checks that the log only
 * grew since the one before. Exit code 0: all verified; 1: problems found (each printed on its own
 * line); 2: wrong usage, or the server could not be reached.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultStateDir, LogUnreachableError, LogVerifierUsageError, verifyLog, type VerifyReport } from '@/lib/log/verifier';

const USAGE = 'Usage: npm run log:verify -- https://seal.example.org [--state DIR] [--key VERIFIER_KEY] [--witness WITNESS_KEY]… [--concurrency N]';

function summary(baseUrl: string, stateDir: string, report: VerifyReport): string {
  if (!report.rootHash) return `Log ${report.origin || '(unknown)'} at ${baseUrl}: stopped before its checkpoint could be verified.`;
  const lines = [
    `Log ${report.origin || '(unknown)'} at ${baseUrl}`,
    `  checkpoint:        ${report.size} entries, root ${report.rootHash || '(none)'}`,
    `  since last run:    ${report.previousSize === null ? 'first run' : `${report.previousSize} entries verified before`}`,
    `  seals:             ${report.seals} (${report.checkedStatuses} statuses checked, ${report.unsignedStatuses} newer than the checkpoint, ${report.staleStatuses} stale)`,
    `  inclusion proofs:  ${report.checkedInclusionProofs} verified`,
  ];
  if (report.cosignedBy.length > 0) lines.push(`  cosigned by:       ${report.cosignedBy.join(', ')}`);
  if (report.firstUse && report.stateSaved) lines.push(`  key:               trusted on first use and remembered in ${stateDir}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { state: { type: 'string' }, key: { type: 'string' }, witness: { type: 'string', multiple: true }, concurrency: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [baseUrl] = positionals;
  if (!baseUrl || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  try {
    const stateDir = values.state ? path.resolve(values.state) : defaultStateDir(baseUrl, process.cwd());
    const report = await verifyLog({ baseUrl, stateDir, key: values.key, witnesses: values.witness, concurrency });
    console.log(summary(baseUrl, stateDir, report));
    if (report.ok) {
      console.log('\nVerified: no problems found.');
      return 0;
    }
    console.log(`\n${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found (the saved state was not updated):`);
    for (const problem of report.problems) console.log(problem);
    return 1;
  } catch (error) {
    if (error instanceof LogVerifierUsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof LogUnreachableError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

// exitCode rather than exit(): the report may still be on its way through a pipe.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
