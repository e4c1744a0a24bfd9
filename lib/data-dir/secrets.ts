import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const SecretsFile = z.object({ authSecret: z.string().min(32) });

/**
 * In embedded mode the secrets are generated on the first start and kept in the data folder, so
 * that `npm start` needs no configuration and sessions survive a restart.
 */
export function loadOrCreateAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) {
    const parsed = SecretsFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is damaged: delete it to generate new secrets (every session will be signed out).`);
    return parsed.data.authSecret;
  }
  const authSecret = crypto.randomBytes(33).toString('base64');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ authSecret }, null, 2), { mode: 0o600, flag: 'wx' });
  return authSecret;
}
