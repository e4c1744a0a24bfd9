import { describe, expect, it } from 'vitest';
import type { NextConfig } from 'next';
import { EVIDENCE_LIMITS, MAX_REQUEST_BODY_BYTES } from '@/lib/complaints/limits';

describe('the largest body the server reads', () => {
  it('is the same for the upload gate and for Next.js server actions, and leaves room for the largest evidence', async () => {
    const nextConfig = ((await import('../../next.config.mjs' as string)) as { default: NextConfig }).default;
    expect(nextConfig.experimental?.serverActions?.bodySizeLimit).toBe(MAX_REQUEST_BODY_BYTES);
    expect(MAX_REQUEST_BODY_BYTES).toBeGreaterThan(EVIDENCE_LIMITS.maxTotalBytes);
  });
});
