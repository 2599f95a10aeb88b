declare module "virtual:corpus" {
  const files: { name: string; base64: string }[];
  export default files;
  /** false when CORPUS_DIR holds no .eml file: corpus tests skip */
  export const corpusFound: boolean;
  export const corpusDir: string;
}
declare module "*.sql" {
  const text: string;
  export default text;
}
