/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its wasm through `new URL(..., import.meta.url)`, which the bundler rewrites:
  // without this every query fails at run time although the build passes.
  // esbuild (lib/badge/seal-script.ts minifies the badge script) runs its native binary: it cannot be bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg-boss', 'esbuild'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
  // Complaint evidence (lib/complaints/limits.ts: 8 MB of files) travels in a server action's body.
  // The real maximum, MAX_REQUEST_BODY_BYTES (8 MB + 1 MB), in bytes: Next.js stops reading there,
  // also for a chunked body the server's upload gate could not refuse by its Content-Length.
  experimental: { serverActions: { bodySizeLimit: 9437184 } },
  async headers() {
    // A complaint's tracking token is in its address: never sent on as a Referer, never indexed.
    return [
      { source: '/complaints/track/:token*', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }, { key: 'X-Robots-Tag', value: 'noindex, nofollow' }] },
      // Auth.js's own HTML pages (its error page; sign-out redirects to /logout) are outside proxy.ts and carry no nonce:
      // no script may run on them at all, they may not be framed, and their forms post only to us.
      // Their inline <style> is allowed: without it they are merely unstyled (docs/adr/0010).
      {
        source: '/api/auth/:path*',
        headers: [
          {
            key: 'Content-Security-Policy',
            value: "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
          },
        ],
      },
    ];
  },
};

export default nextConfig;
