// mail.tm domains, accounts and tokens: GET /domains, GET /domains/{id},
// POST /accounts, POST /token, GET /me, GET|DELETE /accounts/{id}.
import { chooseAddress } from "../address";
import { createAddress } from "../addresses";
import { readConfig } from "../contract/config";
import type { Env } from "../env";
import { clientKey } from "../http/client-key";
import { ApiError } from "../http/errors";
import { readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { ownedMailbox } from "../mailbox-access";
import { login, passwordProblem } from "../passwords";
import { account, codeError, collection, json, member, notFound, resource, type Violation, violations } from "./format";
import { accountId, domainId } from "./ids";
import { mailtm, type Session, session } from "./session";
import type { MailtmDomain, MailtmToken } from "./wire";

/** Domains exist as long as the deployment; they carry a fixed date. */
const DOMAIN_DATE = "2026-01-01T00:00:00.000Z";

async function domains(env: Env): Promise<MailtmDomain[]> {
  return Promise.all(
    readConfig(env).domains.map(async (domain) => ({
      id: await domainId(domain),
      domain,
      isActive: true,
      isPrivate: false,
      createdAt: DOMAIN_DATE,
      updatedAt: DOMAIN_DATE,
    })),
  );
}

async function accountBody(req: Request, s: Session) {
  const meta = await s.mailbox.run("meta");
  return resource(req, "Account", `/accounts/${s.accountId}`, account(s.accountId, meta));
}

/** Validates POST /accounts as mail.tm's validator does: every problem at once, 422. */
function accountProblems(body: Record<string, unknown>, env: Env): { address: string | null; problems: Violation[] } {
  const problems: Violation[] = [];
  let address: string | null = null;
  const raw = body.address;
  if (typeof raw !== "string" || raw.trim() === "") {
    problems.push({ propertyPath: "address", message: "This value should not be blank." });
  } else {
    const at = raw.trim().lastIndexOf("@");
    if (at <= 0) {
      problems.push({ propertyPath: "address", message: "This value is not a valid email address." });
    } else {
      try {
        address = chooseAddress(raw.trim().slice(0, at), raw.trim().slice(at + 1), readConfig(env));
      } catch (err) {
        const message =
          err instanceof ApiError && err.code === "invalid_domain"
            ? `The domain "${raw.trim().slice(at + 1)}" is not valid.`
            : err instanceof Error
              ? err.message
              : "This value is not valid.";
        problems.push({ propertyPath: "address", message });
      }
    }
  }
  if (typeof body.password !== "string" || body.password === "") {
    problems.push({ propertyPath: "password", message: "This value should not be blank." });
  } else {
    const problem = passwordProblem(body.password, env);
    if (problem) problems.push({ propertyPath: "password", message: problem });
  }
  return { address, problems };
}

export function mailtmAccountRoutes(router: Router): void {
  router.get(
    "/mailtm/domains",
    mailtm(async (req, env) => {
      const list = (await domains(env)).map((d) => member(req, "Domain", `/domains/${d.id}`, d));
      return json(req, collection(req, "Domain", "/domains", list, list.length));
    }),
  );

  router.get(
    "/mailtm/domains/:id",
    mailtm(async (req, env) => {
      const found = (await domains(env)).find((d) => d.id === req.params.id);
      if (!found) throw notFound();
      return json(req, resource(req, "Domain", `/domains/${found.id}`, found));
    }),
  );

  router.post(
    "/mailtm/accounts",
    mailtm(async (req, env) => {
      const body = await readJsonObject(req);
      const { address, problems } = accountProblems(body, env);
      if (problems.length > 0 || !address) throw violations(problems);
      const [name, domain] = address.split("@");
      const client = clientKey(req);
      let created: Awaited<ReturnType<typeof createAddress>>;
      try {
        created = await createAddress(env, { name, domain, password: body.password, client });
      } catch (err) {
        if (err instanceof ApiError && err.code === "address_taken") {
          throw violations([{ propertyPath: "address", message: "This value is already used." }]);
        }
        throw err;
      }
      const s: Session = {
        address,
        epoch: created.epoch,
        accountId: await accountId(created.mailboxId),
        mailbox: ownedMailbox(env, address, { epoch: created.epoch }),
      };
      return json(req, await accountBody(req, s), 201);
    }),
  );

  router.post(
    "/mailtm/token",
    mailtm(async (req, env) => {
      const body = await readJsonObject(req);
      for (const key of ["address", "password"]) {
        if (typeof body[key] !== "string") throw codeError(400, `The key "${key}" must be provided.`);
      }
      let address: string;
      try {
        const raw = (body.address as string).trim();
        const at = raw.lastIndexOf("@");
        address = chooseAddress(raw.slice(0, at), raw.slice(at + 1), { ...readConfig(env), nameMinLength: 1 });
      } catch {
        throw codeError(401, "Invalid credentials.");
      }
      const result = await login(env, address, body.password as string);
      if (result.ok) {
        const out: MailtmToken = { id: await accountId(result.mailboxId), token: result.token };
        return json(req, out);
      }
      if (result.reason === "throttled") {
        throw codeError(429, `Too many failed login attempts; try again in ${result.retryAfter} seconds.`, {
          "Retry-After": String(result.retryAfter),
        });
      }
      throw codeError(401, "Invalid credentials.");
    }),
  );

  router.get(
    "/mailtm/me",
    mailtm(async (req, env) => json(req, await accountBody(req, await session(req, env)))),
  );

  router.get(
    "/mailtm/accounts/:id",
    mailtm(async (req, env) => {
      const s = await session(req, env);
      // Another account's id and an unknown one look alike: we cannot tell them apart, nor should a caller.
      if (req.params.id !== s.accountId) throw notFound();
      return json(req, await accountBody(req, s));
    }),
  );

  router.delete(
    "/mailtm/accounts/:id",
    mailtm(async (req, env) => {
      const s = await session(req, env);
      if (req.params.id !== s.accountId) throw notFound();
      await s.mailbox.run("destroy");
      return new Response(null, { status: 204 });
    }),
  );
}
