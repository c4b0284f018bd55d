/**
 * Vite build of the web app (`web/`) into `dist/web`, which the server serves (with
 * `index.html` for client routes). `npm run build:web` runs `vite build`.
 * In development (`npx vite`), `/api` is proxied to a `custos serve` on 127.0.0.1:8080
 * (`CUSTOS_API` to change).
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // No inline scripts or data: URLs: the server's CSP is `script-src 'self'`.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': process.env.CUSTOS_API ?? 'http://127.0.0.1:8080' },
  },
});
