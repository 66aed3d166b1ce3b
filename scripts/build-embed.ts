/**
 * Bundles the host library (lib/embed/host-entry.ts) into public/embed/continuation-proxy.js: the
 * one script another application's page loads from the desk. Part of `npm run build` (and of
 * `npm start`'s build when stale).
 */
import { build, type Plugin } from "esbuild";

// zod re-exports every language's messages (`z.locales`), which nothing here uses: its English,
// set as the default by zod itself, comes from its own module and stays.
const withoutZodLocales: Plugin = {
  name: "without-zod-locales",
  setup(plugin) {
    plugin.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${"node_modules"}/zod/`) ? { path: args.path, namespace: "empty" } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

await build({
  entryPoints: ["lib/embed/host-entry.ts"],
  outfile: "public/embed/continuation-proxy.js",
  bundle: true,
  format: "iife",
  minify: true,
  target: "es2020",
  legalComments: "none",
  logLevel: "warning",
  plugins: [withoutZodLocales],
});
