import fs from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The Chromium the e2e suite drives: a system one first (CHROMIUM_PATH, then the usual paths),
 * else Playwright's own download if present. Null when there is neither.
 */
export function findSystemChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate)) ?? null;
}

export function findBrowser(): string | null {
  const system = findSystemChromium();
  if (system) return system;
  const bundled = chromium.executablePath();
  return bundled && fs.existsSync(bundled) ? bundled : null;
}
