import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// ---------------------------------------------------------------------------------------------
// Layering: app → domain → runtime → store, and nothing imports back up (docs: DESIGN.md layout).
//   - app/ and instrumentation.ts import the composition root, lib/server/, which builds the
//     runtime, the database clients and the session and hands the domain what it needs.
//   - lib/server/ never imports app/.
//   - the domain and shared modules (lib/warranty, lib/orders, lib/dashboard, lib/erp, lib/lab,
//     lib/products, lib/auth, lib/env, lib/db, …) never import app/ or lib/server/.
//   - the runtime, lib/continuation/, imports only itself and packages: no app, composition root,
//     domain or ORM code, and no database driver outside its store implementations
//     (store/sqlite-store.ts, store/postgres-store.ts, store/postgres-changes.ts). Relative paths that climb out of it count.
//     Its own tests may also use lib/testing/ (test databases, servers) and lib/db's types.
//   - test files elsewhere, lib/testing/, scripts/, prisma/ and bench/ build what they need.
// Enforced with the built-in no-restricted-imports: one block per kind of file (options do not
// merge across blocks, so each block lists everything its files may not import).
// ---------------------------------------------------------------------------------------------

const TESTS = ["**/*.test.ts", "**/*.test.tsx"];
const STORE_IMPLEMENTATIONS = [
  "lib/continuation/store/sqlite-store.ts",
  "lib/continuation/store/postgres-store.ts",
  "lib/continuation/store/postgres-changes.ts",
];

/** A `no-restricted-imports` pattern refusing imports whose path matches `regex`. */
const refuse = (regex, message) => ({ regex, message, caseSensitive: true });

const RUNTIME = "The runtime (lib/continuation) never imports";
const runtimeRefusals = ({ isTest, mayUseDrivers }) => [
  refuse("^@/app(/|$)", `${RUNTIME} the app.`),
  refuse(
    "^@/lib/server(/|$)",
    `${RUNTIME} the composition root (lib/server): the root hands it what it needs.`,
  ),
  refuse(
    isTest ? "^(@prisma/|@/generated(/|$))" : "^(@prisma/|@/generated(/|$)|@/lib/db(-[^/]*)?$)",
    `${RUNTIME} the ORM: it stores through its ContinuationStore contract, and the app declares its own types (lib/server/register.ts).`,
  ),
  refuse(
    isTest
      ? "^@/(?!lib/continuation(/|$)|app(/|$)|lib/server(/|$)|generated(/|$)|lib/testing(/|$)|lib/db$)"
      : "^@/(?!lib/continuation(/|$)|app(/|$)|lib/server(/|$)|generated(/|$)|lib/db(-[^/]*)?$)",
    `${RUNTIME} a domain or another module of the app (lib/warranty, lib/env, …): it is handed what it needs.`,
  ),
  ...(mayUseDrivers
    ? []
    : [
        refuse(
          "^(pg|better-sqlite3)(/|$)",
          "Only the store implementations (lib/continuation/store/sqlite-store.ts, postgres-store.ts, postgres-changes.ts) import a database driver.",
        ),
      ]),
];

/** Relative imports that leave lib/continuation, for a file `depth` folders below it. */
const climbsOutOfRuntime = (depth) =>
  refuse(`^(\\./)?(\\.\\./){${depth + 1}}`, `${RUNTIME} anything outside itself by a relative path.`);

const runtimeLayering = [0, 1, 2, 3, 4].flatMap((depth) => {
  const at = (name) => `lib/continuation/${"*/".repeat(depth)}${name}`;
  const block = (files, ignores, options) => ({
    files,
    ignores,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [...runtimeRefusals(options), climbsOutOfRuntime(depth)] },
      ],
    },
  });
  return [
    block([at("*.ts"), at("*.tsx")], [...TESTS, ...STORE_IMPLEMENTATIONS], {
      isTest: false,
      mayUseDrivers: false,
    }),
    block(
      STORE_IMPLEMENTATIONS.filter((file) => file.split("/").length === depth + 3),
      [],
      {
        isTest: false,
        mayUseDrivers: true,
      },
    ),
    block([at("*.test.ts"), at("*.test.tsx")], [], { isTest: true, mayUseDrivers: true }),
  ].filter((b) => b.files.length > 0);
});

const APP = refuse(
  "^(@/app(/|$)|(\\./)?(\\.\\./)+app(/|$))",
  "Nothing under lib/ imports the app (app/ → lib/server → domain → runtime).",
);
const ROOT = refuse(
  "^(@/lib/server(/|$)|(\\./)?(\\.\\./)+(lib/)?server(/|$))",
  "Only app/ and instrumentation.ts import the composition root (lib/server): take what you need as a parameter, and let app/ pass it in.",
);

const layering = [
  ...runtimeLayering,
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: ["lib/continuation/**", "lib/server/**", "lib/testing/**", ...TESTS],
    rules: { "no-restricted-imports": ["error", { patterns: [APP, ROOT] }] },
  },
  {
    files: ["lib/server/**/*.ts", "lib/server/**/*.tsx"],
    ignores: TESTS,
    rules: { "no-restricted-imports": ["error", { patterns: [APP] }] },
  },
];

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "generated/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      // Bundled from lib/embed/host-entry.ts by scripts/build-embed.ts.
      "public/embed/continuation-proxy.js",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...layering,
];

export default config;
