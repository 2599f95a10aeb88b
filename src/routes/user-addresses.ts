// A user's addresses: list, create (up to USER_ADDRESS_LIMIT), adopt one by its credential, release one, and a credential for one.

import { type IndexedAddress, ownedAddresses } from "../../objects/directory/address-index";
import { addressParam } from "../address";
import { createAddress, roomForOwner, writeThrough } from "../addresses";
import { issueToken, verifyToken } from "../auth";
import type { OwnedAddress, OwnedAddressList } from "../contract/accounts";
import { readConfig } from "../contract/config";
import type { CreateAddressResponse } from "../contract/wire";
import { clientKey } from "../http/client-key";
import { onlyFields, readJsonObject, stringField } from "../http/request";
import type { Router } from "../http/router";
import { ownedMailbox } from "../mailbox-access";
import { requireUser } from "../principal";

const iso = (ms: number) => new Date(ms).toISOString();

function owned(a: IndexedAddress): OwnedAddress {
  return { address: a.address, createdAt: iso(a.createdAt), expiresAt: iso(a.expiresAt) };
}

export function userAddressRoutes(router: Router): void {
  router.get("/api/v1/users/me/addresses", async (req, env) => {
    const p = await requireUser(req, env);
    const body: OwnedAddressList = {
      addresses: (await ownedAddresses(env.DIRECTORY, p.userId)).map(owned),
      limit: readConfig(env).accounts.userAddressLimit,
    };
    return Response.json(body);
  });

  router.post("/api/v1/users/me/addresses", async (req, env) => {
    const p = await requireUser(req, env);
    const body = await readJsonObject(req);
    onlyFields(body, ["name", "domain"]);
    await roomForOwner(env, p.userId);
    const client = clientKey(req);
    const created = await createAddress(env, { name: body.name, domain: body.domain, client, owner: p.userId });
    const out: CreateAddressResponse = { address: created.address, token: created.token, expiresAt: iso(created.expiresAt) };
    return Response.json(out, { status: 201 });
  });

  router.post("/api/v1/users/me/addresses/bind", async (req, env) => {
    const p = await requireUser(req, env);
    const body = await readJsonObject(req);
    onlyFields(body, ["token"]);
    const cred = await verifyToken(env, stringField(body, "token"));
    await roomForOwner(env, p.userId);
    const mailbox = ownedMailbox(env, cred.address, { epoch: cred.epoch });
    const { row } = await mailbox.run("adopt", p.userId);
    await writeThrough(env, row);
    const out: OwnedAddress = { address: row.address, createdAt: iso(row.createdAt), expiresAt: iso(row.expiresAt) };
    return Response.json(out);
  });

  router.delete("/api/v1/users/me/addresses/:address", async (req, env) => {
    const p = await requireUser(req, env);
    const address = addressParam(req.params.address, readConfig(env));
    await writeThrough(env, await ownedMailbox(env, address, { userId: p.userId }).run("release"));
    return new Response(null, { status: 204 });
  });

  router.post("/api/v1/users/me/addresses/:address/token", async (req, env) => {
    const p = await requireUser(req, env);
    const address = addressParam(req.params.address, readConfig(env));
    const { epoch, mailboxId, expiresAt } = await ownedMailbox(env, address, { userId: p.userId }).run("credential");
    const token = await issueToken(env, { address, epoch, mailboxId }, expiresAt);
    const out: CreateAddressResponse = { address, token, expiresAt: iso(expiresAt) };
    return Response.json(out, { status: 201 });
  });
}
