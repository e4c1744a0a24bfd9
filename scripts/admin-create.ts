/**
 * npm run admin:create -- --email ada@example.org [--name "Ada Lovelace"]
 * Asks for a password on a terminal (empty: generate one); otherwise generates one. Prints it once.
 */
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { EnvError } from '@/lib/env';
import { DataDirInUseError } from '@/lib/data-dir/lock';
import { openRuntime } from '@/lib/runtime';
import { ServiceError, ValidationError } from '@/lib/services/errors';
import { createAdminFromCommandLine } from '@/lib/services/users/create-user';

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput(text: string): void };
    let asked = false;
    output._writeToOutput = (text: string) => {
      if (!asked) process.stdout.write(text);
      asked = true;
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function main() {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true });
  if (!values.email) {
    console.error('Usage: npm run admin:create -- --email ada@example.org [--name "Ada Lovelace"]');
    process.exit(2);
  }
  const password = process.stdin.isTTY ? await askHidden('Password for the new admin (leave empty to generate one): ') : '';
  const runtime = await openRuntime({ jobs: 'none' });
  try {
    const { user, generatedPassword } = await createAdminFromCommandLine({
      db: runtime.db,
      clock: runtime.clock,
      input: { email: values.email, name: values.name ?? values.email.split('@')[0], password: password || undefined },
    });
    console.log(`Created administrator ${user.email}.`);
    if (generatedPassword) console.log(`Password (shown once, store it safely): ${generatedPassword}`);
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ValidationError) console.error(`\n${error.message}\n`);
  else if (error instanceof ServiceError || error instanceof EnvError || error instanceof DataDirInUseError) console.error(`\n${error.message}\n`);
  else console.error(error);
  process.exit(1);
});
