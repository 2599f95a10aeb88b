// A long wait whose client goes away (curl -m, an aborted fetch, Ctrl-C on wait-code) tells its
// mailbox, which ends the wait: left waiting, it would take the next code and hand it to nobody.
import type { OwnedMailbox } from "./mailbox-access";

/**
 * A name for this request's wait, ended in the mailbox if the client disconnects (request.signal).
 * Where a proxy in front finishes the request itself (wrangler dev's does), the client names its wait
 * and ends it with DELETE …/codes/waits/{wait}, as the SDK does.
 */
export function nameWait(req: Request, ctx: ExecutionContext, mailbox: OwnedMailbox): string {
  const name = crypto.randomUUID();
  req.signal.addEventListener(
    "abort",
    () => {
      // After the answer went out, or for a mailbox gone meanwhile, there is nothing to end.
      ctx.waitUntil(mailbox.run("abandonWait", name).catch(() => undefined));
    },
    { once: true },
  );
  return name;
}
