/** @type {import('next').NextConfig} */
const nextConfig = {
  // The example lives inside the library's repository: keep Next from picking the repository root.
  turbopack: { root: import.meta.dirname },
  outputFileTracingRoot: import.meta.dirname,
}

export default nextConfig
