// The records wasm writes are defined once, in wasm-parser/layout.ts, which the
// AssemblyScript build and the TypeScript reader both import. The wasm exports
// every constant as a global: a build from another layout (a stale
// parser.wasm, or a copy of the offsets on one side) fails here.
import { describe, expect, it } from "vitest";
import wasmModule from "../../wasm-parser/build/parser.wasm";
import * as layout from "../../wasm-parser/layout";

const constants = Object.entries(layout) as [string, number][];

function record(prefix: string, exclude: string[] = []): { fields: [string, number][]; size: number } {
  const fields = constants.filter(([name]) => name.startsWith(prefix) && name !== `${prefix}SIZE` && !exclude.includes(name));
  return { fields, size: (layout as Record<string, number>)[`${prefix}SIZE`] };
}

describe("wasm-parser record layout", () => {
  it("is the layout the wasm was built from, constant for constant", () => {
    const exports = new WebAssembly.Instance(wasmModule, {}).exports;
    const globals = WebAssembly.Module.exports(wasmModule)
      .filter((e) => e.kind === "global")
      .map((e) => e.name);
    expect(globals.sort()).toEqual(constants.map(([name]) => name).sort());
    for (const [name, value] of constants) expect((exports[name] as WebAssembly.Global).value, name).toBe(value);
  });

  it.each([
    ["N_", []],
    ["H_", []],
    ["S_", []],
    ["P_", []],
    ["R_", []],
    ["SEG_", ["SEG_FIRST", "SEG_TEXT", "SEG_WORD"]],
    ["RANGE_", []],
  ])("%s fields are distinct 4-byte slots inside the record", (prefix, exclude) => {
    const { fields, size } = record(prefix, exclude);
    expect(fields.length).toBeGreaterThan(1);
    expect(size).toBe(fields.length * 4);
    const offsets = fields.map(([, offset]) => offset).sort((a, b) => a - b);
    expect(offsets).toEqual(offsets.map((_, i) => i * 4));
  });

  it("gives every error, encoding and state a distinct code", () => {
    for (const prefix of ["ERR_", "ENC_", "STATE_"]) {
      const codes = constants.filter(([name]) => name.startsWith(prefix)).map(([, code]) => code);
      expect(new Set(codes).size, prefix).toBe(codes.length);
    }
    expect(layout.SEG_TEXT).not.toBe(layout.SEG_WORD);
  });
});
