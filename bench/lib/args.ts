// The benches' command line: `--key value` pairs (and bare switches), refusing
// anything else, printing `usage` for --help.

export function benchArgs(argv: string[], usage: string, switches: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}\n${usage}`);
    const key = a.slice(2);
    if (key === "help") {
      console.log(usage);
      process.exit(0);
    }
    if (switches.includes(key)) out.set(key, "1");
    else out.set(key, argv[++i] ?? "");
  }
  return out;
}
