// Token rules Google enforces: a refresh narrows scopes (RFC 6749 section 6) and never widens
// them; domain-wide delegation needs the admin's allow-list (client id + scopes); a service
// account's self-signed JWT is a bearer token of its own (AIP-4111).
import { chat } from "@googleapis/chat";
import { sign } from "node:crypto";
import { JWT } from "google-auth-library";
import { Seed, defaultSeed } from "../../emulator";
import { APP_SPACE, DEMO, IDS, SCOPE, TestEmulator, apiError, startTestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.reset();
});
afterAll(() => t.stop());

const form = (fields: Record<string, string>) =>
  fetch(`${t.emu.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

describe("refresh-token grant", () => {
  it("narrows the token to the scopes asked for; the narrowed token cannot add a human", async () => {
    const cred = await t.control.mintAuthorizedUser({ user: "alice@example.com" });
    const res = await form({
      grant_type: "refresh_token",
      client_id: cred.client_id,
      client_secret: cred.client_secret,
      refresh_token: cred.refresh_token,
      scope: SCOPE("chat.memberships.app"),
    });
    const body = (await res.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe(SCOPE("chat.memberships.app"));
    const added = await fetch(`${t.emu.url}/v1/${DEMO}/members`, {
      method: "POST",
      headers: { authorization: `Bearer ${body.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ member: { name: "users/carol@example.com", type: "HUMAN" } }),
    });
    expect(added.status).toBe(403);
  });

  it("refuses a scope that was never granted: invalid_scope", async () => {
    const cred = await t.control.mintAuthorizedUser({
      user: "alice@example.com",
      scopes: ["chat.memberships.readonly"],
    });
    const res = await form({
      grant_type: "refresh_token",
      client_id: cred.client_id,
      client_secret: cred.client_secret,
      refresh_token: cred.refresh_token,
      scope: `${SCOPE("chat.memberships.readonly")} ${SCOPE("chat.memberships")}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_scope");
  });
});

describe("domain-wide delegation allow-list", () => {
  const seedWith = (delegation: Seed["domainWideDelegation"]): Seed => ({
    ...defaultSeed(),
    domainWideDelegation: delegation,
  });

  it("refuses a service account the admin has not listed: unauthorized_client", async () => {
    await t.control.seed(seedWith([]));
    const bob = await t.dwd("bob@example.com", [SCOPE("chat.memberships")]);
    let err: { response?: { status: number; data: { error: string; error_description: string } } };
    try {
      await bob.spaces.members.list({ parent: DEMO });
      throw new Error("expected the token request to fail");
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.response?.status).toBe(401);
    expect(err.response?.data).toEqual({
      error: "unauthorized_client",
      error_description:
        "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.",
    });
  });

  it("grants only the listed scopes, by client id or by service-account email", async () => {
    const key = await t.key();
    await t.control.seed(
      seedWith([{ client: key.client_id, scopes: ["chat.memberships.readonly"] }]),
    );
    const reader = await t.dwd("bob@example.com", [SCOPE("chat.memberships.readonly")]);
    expect((await reader.spaces.members.list({ parent: DEMO })).status).toBe(200);
    const writer = await t.dwd("bob@example.com", [SCOPE("chat.memberships")]);
    await expect(writer.spaces.members.list({ parent: DEMO })).rejects.toMatchObject({
      response: { status: 401, data: { error: "unauthorized_client" } },
    });
    await t.control.seed(seedWith([{ client: key.client_email, scopes: ["chat.memberships"] }]));
    expect((await writer.spaces.members.list({ parent: DEMO })).status).toBe(200);
  });

  it("leaves app authentication (no subject) alone", async () => {
    await t.control.seed(seedWith([]));
    const app = await t.app([SCOPE("chat.bot")]);
    expect((await app.spaces.members.list({ parent: APP_SPACE })).status).toBe(200);
  });
});

describe("self-signed JWT as the bearer token (AIP-4111)", () => {
  // google-auth-library's own self-signed-JWT path (JWTAccess): the constructor ignores the two
  // options, so they are set as properties, as GoogleAuth does.
  const selfSigned = async (opts: { scopes?: string[]; servicePath?: string }) => {
    const k = await t.key();
    const jwt = new JWT({
      email: k.client_email,
      key: k.private_key,
      keyId: k.private_key_id,
      ...(opts.scopes ? { scopes: opts.scopes } : {}),
      transporterOptions: { fetchImplementation: globalThis.fetch },
    });
    jwt.useJWTAccessWithScope = opts.scopes !== undefined;
    if (opts.servicePath) jwt.defaultServicePath = opts.servicePath;
    return chat({ version: "v1", auth: jwt, rootUrl: t.emu.url + "/" });
  };

  it("is app authentication with the scopes of its scope claim, no token endpoint involved", async () => {
    const app = await selfSigned({ scopes: [SCOPE("chat.bot")] });
    const { data } = await app.spaces.members.list({ parent: APP_SPACE });
    expect(data.memberships?.map((m) => m.member?.name)).toEqual([`users/${IDS.alice}`]);
    const log = await t.control.requests();
    expect(log.filter((e) => e.rpc === "oauth.token")).toEqual([]);
    expect(log.find((e) => e.rpc === "spaces.members.list")?.principal).toBe("app:demo-project");
    await apiError(
      app.spaces.members.create({
        parent: APP_SPACE,
        requestBody: { member: { name: "users/bob@example.com", type: "HUMAN" } },
      }),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("is accepted with the API's audience, refused with another", async () => {
    const ok = await selfSigned({ servicePath: "chat.googleapis.com" });
    expect((await ok.spaces.members.list({ parent: APP_SPACE })).status).toBe(200);
    const wrong = await selfSigned({ servicePath: "people.googleapis.com" });
    const err = await apiError(
      wrong.spaces.members.list({ parent: APP_SPACE }),
      401,
      "UNAUTHENTICATED",
    );
    expect(err.details).toEqual([
      expect.objectContaining({ reason: "ACCESS_TOKEN_TYPE_UNSUPPORTED" }),
    ]);
  });

  it("cannot act as a user (delegation needs the token endpoint), nor be forged", async () => {
    const k = await t.key();
    const other = await t.control.mintServiceAccountKey({ name: "someone-else" });
    const forged = new JWT({
      email: k.client_email,
      key: other.private_key,
      scopes: [SCOPE("chat.bot")],
      transporterOptions: { fetchImplementation: globalThis.fetch },
    });
    forged.useJWTAccessWithScope = true;
    const api = chat({ version: "v1", auth: forged, rootUrl: t.emu.url + "/" });
    await apiError(api.spaces.members.list({ parent: APP_SPACE }), 401, "UNAUTHENTICATED");
    // A self-signed JWT naming a user as `sub`: Google only delegates through the token endpoint.
    const now = Math.floor(Date.now() / 1000);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const unsigned = `${b64({ alg: "RS256", typ: "JWT", kid: k.private_key_id })}.${b64({
      iss: k.client_email,
      sub: "alice@example.com",
      scope: SCOPE("chat.memberships"),
      iat: now,
      exp: now + 3600,
    })}`;
    const sig = sign("RSA-SHA256", Buffer.from(unsigned), k.private_key).toString("base64url");
    const res = await fetch(`${t.emu.url}/v1/${DEMO}/members`, {
      headers: { authorization: `Bearer ${unsigned}.${sig}` },
    });
    expect(res.status).toBe(401);
  });
});
