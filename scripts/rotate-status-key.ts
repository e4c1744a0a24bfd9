/**
 * npm run keys:rotate — a new key for signing public statuses; the old one stays published at
 * /.well-known/jwks.json, so statuses signed with it still verify.
 *
 * Embedded database: rewrites the key file in the data folder. It takes the data-folder lock, so it
 * refuses to run while the server does: the server reads its key once at start-up, and a rotation
 * under it would only take effect at some later restart, unnoticed.
 *
 * PostgreSQL (DATABASE_URL set), or a key set in OPENSEAL_STATUS_SIGNING_KEY: the keys live in the
 * configuration, which this script cannot change for every instance; it prints the two new values
 * to set instead.
 */
import { EnvError, parseEnv } from '@/lib/env';
import { acquireDataDirLock, DataDirInUseError } from '@/lib/data-dir/lock';
import { rotateStatusKeys } from '@/lib/data-dir/status-signing-keys';
import { createStatusSigner } from '@/lib/public-status/signing';
import { generateSigningKey, parsePrivateKeySetting, parsePublicKeysSetting, publicJwkOf } from '@/lib/public-status/signing-keys';

function rotateEmbedded(dataDir: string) {
  const lock = acquireDataDirLock(dataDir, 'npm run keys:rotate');
  try {
    const { previous, next } = rotateStatusKeys(dataDir);
    if (!previous) {
      console.log(`There was no signing key yet: made the first one, ${next.current.kid}, in ${next.file}.`);
      return;
    }
    console.log(
      [
        `Rotated the status signing key in ${next.file}:`,
        `  signs from the next start:  ${next.current.kid}`,
        `  retired, still published:   ${previous.current.kid}`,
        `Keys published in all: ${1 + next.retired.length}. Start the server again to sign with the new key.`,
      ].join('\n'),
    );
  } finally {
    lock.release();
  }
}

function printConfiguration(currentSetting: string | undefined, retiredSetting: string | undefined) {
  const nextKey = generateSigningKey();
  const retired = [...(currentSetting ? [publicJwkOf(parsePrivateKeySetting(currentSetting))] : []), ...(retiredSetting ? parsePublicKeysSetting(retiredSetting) : [])];
  // The JWKS a signer with the new key publishes, minus the new key itself: the retired list.
  const published = createStatusSigner(nextKey, retired).jwks();
  const retiredJwks = { keys: published.keys.slice(1) };
  console.log(
    [
      'The signing key comes from the configuration (DATABASE_URL or OPENSEAL_STATUS_SIGNING_KEY is set).',
      'Set these two values on every instance, then restart them. To avoid a moment where one instance signs',
      'with a key another does not publish yet, first add the new public key to OPENSEAL_STATUS_RETIRED_KEYS',
      'everywhere, then switch the signing key (docs/status-signatures.md).',
      '',
      `New signing key, kid ${published.keys[0]!.kid} (secret: store it as you store AUTH_SECRET):`,
      '',
      'OPENSEAL_STATUS_SIGNING_KEY=',
      nextKey.export({ format: 'pem', type: 'pkcs8' }).toString().trim(),
      '',
      'OPENSEAL_STATUS_RETIRED_KEYS=',
      JSON.stringify(retiredJwks),
      '',
      'The new public key alone, to publish ahead of the switch (add it to the current OPENSEAL_STATUS_RETIRED_KEYS):',
      JSON.stringify(published.keys[0]),
      '',
    ].join('\n'),
  );
}

function main() {
  const env = parseEnv();
  if (env.DATABASE_URL || env.OPENSEAL_STATUS_SIGNING_KEY) {
    printConfiguration(env.OPENSEAL_STATUS_SIGNING_KEY, env.OPENSEAL_STATUS_RETIRED_KEYS);
    return;
  }
  rotateEmbedded(env.dataDir);
}

try {
  main();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`\n${error.message}\n`);
  } else if (error instanceof DataDirInUseError) {
    console.error(`\n${error.message}\nThe server reads its signing key at start-up: stop it, rotate, then start it again.\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
