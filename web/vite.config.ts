import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Plain esbuild JSX (the automatic runtime) is all this app needs; no React plugin, no Babel.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/management': 'http://127.0.0.1:8080' },
  },
});
