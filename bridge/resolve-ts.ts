// Lets Node load wasm-parser's sources, whose relative imports carry no
// extension (the Worker's bundler adds it): a relative specifier that does
// not resolve as written is tried again with ".ts".
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (err) {
      if (!/^\.\.?\//.test(specifier) || /\.[cm]?[jt]s$/.test(specifier)) throw err;
      return next(`${specifier}.ts`, context);
    }
  },
});
