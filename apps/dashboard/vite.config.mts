import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, [string]> } };
// The workspace libraries by their package names, compiled from source like the rest of the app.
const alias = Object.entries(compilerOptions.paths).map(([find, [target]]) => ({ find: new RegExp(`^${find.replace(/[/]/g, '\\/')}$`), replacement: join(root, target) }));
const api = process.env['NEUROGRAPH_URL'] ?? 'http://localhost:3000';
// `npm start` serves real time from the api's own port; a standalone gateway (`nx serve gateway`) has its own.
const gateway = process.env['NEUROGRAPH_GATEWAY_URL'] ?? api;

export default defineConfig({
  root: here,
  plugins: [react()],
  resolve: { alias },
  build: { outDir: join(root, 'dist/apps/dashboard'), emptyOutDir: true, sourcemap: true, reportCompressedSize: true },
  // `nx serve dashboard`: the app on Vite, routed as the ingress routes it: /api to the api, socket.io and plain WebSocket to the gateway.
  server: { port: 4200, proxy: { '/api': api, '/realtime': { target: gateway, ws: true }, '/ws': { target: gateway, ws: true } } },
  test: { environment: 'jsdom', include: ['src/**/*.spec.{ts,tsx}'], setupFiles: ['src/test-setup.ts'] },
});
