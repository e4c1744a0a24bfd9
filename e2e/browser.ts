import fs from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The Chromium the e2e suite drives: a system one first (CHROMIUM_PATH, then Debian's headless
 * shell, then the usual paths), else Playwright's own download if present. Null when there is neither.
 * The headless shell is what Playwright itself uses for headless runs: full Chromium in headless mode
 * still runs its browser UI (a WebUI renderer per page); on account.spec (5 tests, quiet machine)
 * the shell took 54–58 s and 24–26 s of CPU where full Chromium took 65–68 s and 33–35 s.
 */
export function findSystemChromium(): string | null {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/lib/chromium/chromium-headless-shell',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ];
  return candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate)) ?? null;
}

export function findBrowser(): string | null {
  const system = findSystemChromium();
  if (system) return system;
  const bundled = chromium.executablePath();
  return bundled && fs.existsSync(bundled) ? bundled : null;
}
