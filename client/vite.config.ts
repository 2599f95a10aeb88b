// Vite build of the web inbox: Preact JSX through Vite's own oxc transform
// (no preset plugin), static output in client/dist served as Workers assets.
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  publicDir: "public",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Our CSP has no 'unsafe-inline'; the polyfill is not needed by evergreen browsers.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
});
