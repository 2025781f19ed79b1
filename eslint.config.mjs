// ESLint (flat config) over the site's own JavaScript: small progressive scripts, no build step.
import js from "@eslint/js"
import globals from "globals"

export default [
  { ignores: ["editor/vendor/**"] },   // Decap CMS's build from npm, vendored as published
  js.configs.recommended,
  {
    // The site's scripts and the web editor's additions to Decap CMS: browser scripts, no modules.
    files: ["overrides/**/*.js", "editor/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      eqeqeq: ["error", "smart"],
      "no-var": "off",
    },
  },
  {
    files: ["overrides/assets/javascripts/search/worker.js", "overrides/assets/javascripts/search/text.js"],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    files: ["overrides/sw.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // Benchmark drivers run by Node; the functions they hand to the page run in the browser.
    files: ["benchmarks/**/*.mjs", "benchmarks/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: ["benchmarks/**/*.js"],   // Node scripts in CommonJS
    languageOptions: { sourceType: "commonjs" },
  },
]
