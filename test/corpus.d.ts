declare module "virtual:corpus" {
  const files: { name: string; base64: string }[];
  export default files;
}
declare module "*.sql" {
  const text: string;
  export default text;
}
