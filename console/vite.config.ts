// Builds the web console into console/dist, which `sluice serve` serves at `/`
// (src/api/plugins/console.ts). Everything is bundled: the console loads nothing from elsewhere.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  // Preact's automatic JSX runtime (no preset plugin needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: true,
    // Inlined assets would need a looser content security policy (data: scripts and fonts).
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev:console` against a `sluice serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
