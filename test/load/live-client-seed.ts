// The seeded PRNG of the load tests and workerd tests: the same mulberry32 the
// parser's fuzz cases use, so there is one generator to trust.
export { prng as seeded } from "../../wasm-parser/scripts/mutations";
