import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded data folder holds the database (password hashes, personal data, the WAL) and the
 * secrets: only the account that runs OpenSeal may read it. Two measures, because neither alone is
 * enough:
 *
 * - `keepNewFilesPrivate` sets the process umask to 077, so whatever PGlite (or anything else)
 *   creates while running is 0600 / 0700, whatever the umask the process was started with (a
 *   container's is often 000 or 022).
 * - `tightenDataDir` sets 0700 on the folder and every folder in it and 0600 on every file, because
 *   PGlite chmods the files it unpacks when it creates a database to 0666, and a few more to 0644 at
 *   every open, past the umask; and because a folder made by an older version is wide open.
 *
 * The folder's own 0700 is the boundary that matters: nobody else can even list it.
 */
export function keepNewFilesPrivate(): void {
  process.umask(0o077);
}

/**
 * chmod, except where the file belongs to another account (a mounted volume's root owned by root,
 * writable through its group): that is the operator's to fix, and not a reason to refuse to start.
 */
function restrict(target: string, mode: number): void {
  try {
    fs.chmodSync(target, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    console.warn(`[openseal] could not make ${target} private (it belongs to another account): give it to the account that runs OpenSeal, mode ${mode.toString(8)}`);
  }
}

export function tightenDataDir(dir: string): void {
  if (!fs.existsSync(dir)) return;
  restrict(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const target = path.join(dir, entry.name);
    // Symbolic links are left alone: chmod would follow them out of the folder.
    if (entry.isDirectory()) tightenDataDir(target);
    else if (entry.isFile()) restrict(target, 0o600);
  }
}

/** Creates `dir` (and missing parents) as a private folder, and makes an existing one private. */
export function ensurePrivateDataDir(dir: string): void {
  keepNewFilesPrivate();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  tightenDataDir(dir);
}
