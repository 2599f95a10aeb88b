// Types for emailjs-imap-handler (the package ships none): what the bridge uses.
declare module "emailjs-imap-handler" {
  interface Handler {
    parser(command: Uint8Array, options?: { valueAsString?: boolean }): unknown;
    compiler(response: { tag?: string; command?: string; attributes?: unknown[] }, asArray?: boolean, isLogging?: boolean): string;
  }
  const handler: Handler;
  export default handler;
}
