import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    grpc: 'src/grpc/index.ts',
    aws: 'src/aws/index.ts',
    azure: 'src/azure/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // No source maps: they would point at src/, which the package does not ship; dist is readable as is.
  sourcemap: false,
  // Without splitting, each CJS entry carries its own copy of the core.
  splitting: true,
  target: 'node20',
  external: ['@grpc/grpc-js'],
});
