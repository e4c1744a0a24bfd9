/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its wasm through `new URL(..., import.meta.url)`, which the bundler rewrites:
  // without this every query fails at run time although the build passes.
  serverExternalPackages: ['@electric-sql/pglite', 'pg-boss'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
