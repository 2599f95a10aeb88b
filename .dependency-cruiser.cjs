// Import rules (DESIGN.md §1): the Worker (src/) → objects/ → the contracts
// layer (src/contract/); client/ and wasm-parser/ → src/contract/ only; the
// bridge → the SDK, the contracts and wasm-parser; no circles.
// Checked by test/node/architecture.test.ts in `npm test`, and by `npm run lint:deps`.
const OURS = "^(src|objects|client|wasm-parser|schema|bridge)/";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import circles make load order and ownership unclear.",
      from: {},
      to: { circular: true },
    },
    {
      name: "contract-imports-nothing-of-ours",
      severity: "error",
      comment: "src/contract/ is the bottom layer: wire types, config, error codes, outcomes.",
      from: { path: "^src/contract/" },
      to: { path: OURS, pathNot: "^src/contract/" },
    },
    {
      name: "objects-import-only-the-contract",
      severity: "error",
      comment: "objects/ may not reach up into the Worker; only src/contract/ is shared.",
      from: { path: "^objects/" },
      to: { path: "^(src|client|wasm-parser|bridge)/", pathNot: "^src/contract/" },
    },
    {
      name: "client-imports-only-the-contract",
      severity: "error",
      comment: "The web client, SDK and CLI speak the public API; they share wire types, nothing else.",
      from: { path: "^client/" },
      to: { path: "^(src|objects|wasm-parser|schema|bridge)/", pathNot: "^src/contract/" },
    },
    {
      name: "wasm-parser-imports-only-the-contract",
      severity: "error",
      comment: "The parser returns ParsedMail and knows nothing of the Worker or the objects.",
      from: { path: "^wasm-parser/" },
      to: { path: "^(src|objects|client|bridge)/", pathNot: "^src/contract/" },
    },
    {
      name: "bridge-speaks-only-the-public-api",
      severity: "error",
      comment:
        "The IMAP/SMTP bridge is a client of the deployment: the SDK, the wire types, wasm-parser for MIME; nothing of the Worker or the objects.",
      from: { path: "^bridge/" },
      to: { path: OURS, pathNot: "^(bridge/|client/sdk/|src/contract/|wasm-parser/)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|build)/" },
    moduleSystems: ["es6"],
    // TypeScript 7 (the native compiler) has no JS API yet; swc parses the
    // sources as written, so type-only imports count: they are arrows in the design too.
    parser: "swc",
  },
};
