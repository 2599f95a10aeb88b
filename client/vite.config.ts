// Vite build of the web inbox and the admin console (/admin, its own page): Preact JSX through Vite's own oxc
// transform (no preset plugin), static output in client/dist served as Workers assets.
import { defineConfig } from "vite";

export default defineConfig(({ command }) => {
  // Test runners export NODE_ENV=test, which would make Vite emit a development
  // bundle (dev JSX runtime, Preact debug paths). A build is always production.
  if (command === "build") process.env.NODE_ENV = "production";
  return {
    root: import.meta.dirname,
    publicDir: "public",
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
    build: {
      outDir: "dist",
      emptyOutDir: true,
      target: "es2022",
      // Evergreen browsers need no modulepreload polyfill, and it would be inline script.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      rollupOptions: {
        input: { inbox: `${import.meta.dirname}/index.html`, admin: `${import.meta.dirname}/admin.html` },
      },
    },
  };
});
