// Token flows (refresh token, service-account JWT with and without sub, GoogleAuth from a key
// file), 401s, scope checks, app authentication and admin access rules.
import { chat } from "@googleapis/chat";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GoogleAuth, JWT, OAuth2Client } from "google-auth-library";
import {
  APP_SPACE,
  DEMO,
  GROUP_CHAT,
  IDS,
  SCOPE,
  TestEmulator,
  apiError,
  humanRef,
  startTestEmulator,
  transporter,
} from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.reset();
});
afterAll(() => t.stop());

const rawGet = (path: string, token?: string) =>
  fetch(
    `${t.emu.url}${path}`,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  );

describe("token endpoint and 401", () => {
  it("answers the refresh-token grant like Google", async () => {
    const cred = await t.control.mintAuthorizedUser({
      user: "bob@example.com",
      scopes: ["chat.memberships.readonly"],
    });
    const res = await fetch(`${t.emu.url}/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: cred.client_id,
        client_secret: cred.client_secret,
        refresh_token: cred.refresh_token,
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      access_token: expect.any(String),
      expires_in: 3599,
      token_type: "Bearer",
      scope: SCOPE("chat.memberships.readonly"),
    });
    const bad = await fetch(`${t.emu.url}/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: cred.client_id,
        client_secret: "wrong",
        refresh_token: cred.refresh_token,
      }),
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toBe("invalid_client");
  });

  it("rejects missing, unknown and expired tokens with 401 UNAUTHENTICATED", async () => {
    for (const token of [undefined, "ya29.nonsense"]) {
      const res = await rawGet(`/v1/${DEMO}/members`, token);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { status: string } }).error.status).toBe(
        "UNAUTHENTICATED",
      );
    }
    const { access_token } = await t.control.mintAccessToken({
      user: "alice@example.com",
      ttlSeconds: 0,
    });
    expect((await rawGet(`/v1/${DEMO}/members`, access_token)).status).toBe(401);
    const fresh = await t.control.mintAccessToken({ user: "alice@example.com" });
    expect((await rawGet(`/v1/${DEMO}/members`, fresh.access_token)).status).toBe(200);
    await t.control.expireTokens();
    expect((await rawGet(`/v1/${DEMO}/members`, fresh.access_token)).status).toBe(401);
  });

  it("makes a refresh-token client with forceRefreshOnFailure recover from a revoked token", async () => {
    const cred = await t.control.mintAuthorizedUser({ user: "alice@example.com" });
    const client = (forceRefreshOnFailure: boolean) => {
      const oauth = new OAuth2Client({
        clientId: cred.client_id,
        clientSecret: cred.client_secret,
        endpoints: { oauth2TokenUrl: t.emu.url + "/token" },
        transporterOptions: { fetchImplementation: globalThis.fetch },
        forceRefreshOnFailure,
      });
      oauth.setCredentials({ refresh_token: cred.refresh_token });
      return chat({ version: "v1", auth: oauth, rootUrl: t.emu.url + "/" });
    };
    const plain = client(false);
    const forced = client(true);
    await plain.spaces.members.list({ parent: DEMO });
    await forced.spaces.members.list({ parent: DEMO });
    await t.control.expireTokens();
    // The library trusts expires_in: without forceRefreshOnFailure the 401 reaches the caller.
    await apiError(plain.spaces.members.list({ parent: DEMO }), 401, "UNAUTHENTICATED");
    const { data } = await forced.spaces.members.list({ parent: DEMO });
    expect(data.memberships).toHaveLength(2);
  });

  it("verifies the JWT signature against the registered key", async () => {
    const real = await t.key();
    const forged = await t.control.mintServiceAccountKey({ name: "other-account" });
    const jwt = new JWT({
      email: real.client_email,
      key: forged.private_key,
      scopes: [SCOPE("chat.bot")],
      transporter: transporter(t.emu.url),
    });
    await expect(jwt.getAccessToken()).rejects.toThrow(/invalid_grant/);
  });

  it("refuses delegation to users outside the organisation", async () => {
    const k = await t.key();
    const jwt = new JWT({
      email: k.client_email,
      key: k.private_key,
      scopes: [SCOPE("chat.memberships")],
      subject: "dave@partner.example",
      transporter: transporter(t.emu.url),
    });
    await expect(jwt.getAccessToken()).rejects.toThrow(/invalid_grant/);
  });
});

describe("scopes", () => {
  it("refuses writes with a read-only scope, before looking at existence", async () => {
    const ro = await t.user("alice@example.com", ["chat.memberships.readonly"]);
    const body = await apiError(
      ro.spaces.members.create({ parent: DEMO, requestBody: humanRef("users/carol@example.com") }),
      403,
      "PERMISSION_DENIED",
    );
    expect(body.details).toEqual([
      expect.objectContaining({ reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT" }),
    ]);
    await apiError(
      ro.spaces.members.delete({ name: "spaces/NOPE/members/1" }),
      403,
      "PERMISSION_DENIED",
    );
    expect((await ro.spaces.members.list({ parent: DEMO })).data.memberships).toHaveLength(2);
  });
});

describe("app authentication (service account without sub)", () => {
  it("lists without app memberships and shows display names", async () => {
    const app = await t.app([SCOPE("chat.bot")]);
    const { data } = await app.spaces.members.list({ parent: APP_SPACE });
    expect(data.memberships).toEqual([
      expect.objectContaining({
        member: {
          name: `users/${IDS.alice}`,
          type: "HUMAN",
          displayName: "Alice Admin",
          domainId: "C0demo01",
        },
      }),
    ]);
    const self = await app.spaces.members.get({ name: `${APP_SPACE}/members/app` });
    expect(self.data.member).toEqual({
      name: `users/${IDS.demoApp}`,
      type: "BOT",
      displayName: "Demo App",
    });
  });

  it("works through GoogleAuth wrapping a JWT built from the key file", async () => {
    // keyFilename / credentials / fromJSON are deprecated in google-auth-library 11 (they warn).
    const dir = mkdtempSync(join(tmpdir(), "emu-key-"));
    try {
      const file = join(dir, "key.json");
      writeFileSync(file, JSON.stringify(await t.key()));
      const k = JSON.parse(readFileSync(file, "utf8")) as {
        client_email: string;
        private_key: string;
      };
      const jwt = new JWT({
        email: k.client_email,
        key: k.private_key,
        scopes: [SCOPE("chat.bot")],
        transporter: transporter(t.emu.url),
      });
      const auth = new GoogleAuth({ authClient: jwt });
      const api = chat({ version: "v1", auth, rootUrl: t.emu.url + "/" });
      const { data } = await api.spaces.members.list({ parent: APP_SPACE });
      expect(data.memberships).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("needs chat.app.memberships to write; adds internal humans only", async () => {
    const bot = await t.app([SCOPE("chat.bot")]);
    await apiError(
      bot.spaces.members.create({
        parent: APP_SPACE,
        requestBody: humanRef("users/bob@example.com"),
      }),
      403,
      "PERMISSION_DENIED",
    );
    const app = await t.app([SCOPE("chat.app.memberships")]);
    const { data } = await app.spaces.members.create({
      parent: APP_SPACE,
      requestBody: humanRef("users/bob@example.com"),
    });
    expect(data.state).toBe("JOINED");
    await apiError(
      app.spaces.members.create({
        parent: APP_SPACE,
        requestBody: humanRef("users/dave@partner.example"),
      }),
      403,
      "PERMISSION_DENIED",
    );
    await apiError(
      app.spaces.members.create({
        parent: APP_SPACE,
        requestBody: { groupMember: { name: "groups/eng" } },
      }),
      403,
      "PERMISSION_DENIED",
    );
    await apiError(
      app.spaces.members.create({
        parent: APP_SPACE,
        requestBody: { member: { name: "users/app", type: "BOT" } },
      }),
      403,
      "PERMISSION_DENIED",
    );
    expect(
      (await t.control.listMembers(APP_SPACE)).map((m) => m.email ?? m.member?.type).sort(),
    ).toEqual(["BOT", "alice@example.com", "bob@example.com"]);
  });

  it("patches roles only in spaces the app created, acts only where it is a member", async () => {
    const app = await t.app([SCOPE("chat.app.memberships")]);
    await app.spaces.members.create({
      parent: APP_SPACE,
      requestBody: humanRef("users/bob@example.com"),
    });
    const { data } = await app.spaces.members.patch({
      name: `${APP_SPACE}/members/${IDS.bob}`,
      updateMask: "role",
      requestBody: { role: "ROLE_MANAGER" },
    });
    expect(data.role).toBe("ROLE_MANAGER");
    await apiError(app.spaces.members.list({ parent: DEMO }), 403, "PERMISSION_DENIED");
    await t.control.addMember(DEMO, { member: "users/app" });
    await apiError(
      app.spaces.members.patch({
        name: `${DEMO}/members/${IDS.bob}`,
        updateMask: "role",
        requestBody: { role: "ROLE_MANAGER" },
      }),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("cannot remove another project's app", async () => {
    await t.control.addMember(APP_SPACE, { member: "app:other-project" });
    const app = await t.app([SCOPE("chat.app.memberships")]);
    await apiError(
      app.spaces.members.delete({ name: `${APP_SPACE}/members/${IDS.otherApp}` }),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("needs admin approval for chat.app.* scopes", async () => {
    await t.control.seed({
      domain: "example.com",
      users: [{ email: "alice@example.com", id: IDS.alice }],
      projects: [{ id: "demo-project", appId: IDS.demoApp, adminApproved: false }],
      spaces: [
        {
          name: APP_SPACE,
          createdBy: "app:demo-project",
          members: [
            { member: "app:demo-project" },
            { member: "alice@example.com", role: "ROLE_MANAGER" },
          ],
        },
      ],
    });
    const app = await t.app([SCOPE("chat.app.memberships")]);
    await apiError(app.spaces.members.list({ parent: APP_SPACE }), 403, "PERMISSION_DENIED");
    const bot = await t.app([SCOPE("chat.bot")]);
    expect((await bot.spaces.members.list({ parent: APP_SPACE })).status).toBe(200);
  });
});

describe("domain-wide delegation (service account with sub)", () => {
  it("acts as the user, with the user-auth view", async () => {
    const bob = await t.dwd("bob@example.com", [SCOPE("chat.memberships")]);
    const { data } = await bob.spaces.members.get({ name: `${DEMO}/members/${IDS.alice}` });
    expect(data.member).toMatchObject({ name: `users/${IDS.alice}`, email: "alice@example.com" });
    expect(data.member?.domainId).toBeUndefined(); // domainId is the app-auth view's
    await apiError(bob.spaces.members.list({ parent: APP_SPACE }), 403, "PERMISSION_DENIED");
  });
});

describe("admin access (useAdminAccess=true)", () => {
  let adminSpace: string;
  beforeEach(async () => {
    // A space alice (the admin) is not in.
    const bob = await t.user("bob@example.com");
    const { data } = await bob.spaces.setup({
      requestBody: { space: { spaceType: "SPACE", displayName: "Bob's" } },
    });
    adminSpace = data.name!;
  });

  it("reaches spaces the admin is not in, with a human-only filter", async () => {
    const alice = await t.user("alice@example.com");
    await apiError(alice.spaces.members.list({ parent: adminSpace }), 403, "PERMISSION_DENIED");
    await apiError(
      alice.spaces.members.list({ parent: adminSpace, useAdminAccess: true }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      alice.spaces.members.list({
        parent: adminSpace,
        useAdminAccess: true,
        filter: 'member.type = "BOT"',
      }),
      400,
      "INVALID_ARGUMENT",
    );
    for (const filter of [
      'member.type = "HUMAN"',
      'member.type != "BOT" AND role = "ROLE_MANAGER"',
    ]) {
      const { data } = await alice.spaces.members.list({
        parent: adminSpace,
        useAdminAccess: true,
        filter,
      });
      expect(data.memberships?.map((m) => m.member?.name)).toEqual([`users/${IDS.bob}`]);
    }
    const { data } = await alice.spaces.members.create({
      parent: adminSpace,
      useAdminAccess: true,
      requestBody: humanRef("users/carol@example.com"),
    });
    expect(data.state).toBe("JOINED");
  });

  it("cannot add external users or apps, nor delete apps", async () => {
    const alice = await t.user("alice@example.com");
    await apiError(
      alice.spaces.members.create({
        parent: adminSpace,
        useAdminAccess: true,
        requestBody: humanRef("users/dave@partner.example"),
      }),
      403,
      "PERMISSION_DENIED",
    );
    await apiError(
      alice.spaces.members.create({
        parent: adminSpace,
        useAdminAccess: true,
        requestBody: { member: { name: "users/app", type: "BOT" } },
      }),
      403,
      "PERMISSION_DENIED",
    );
    await t.control.addMember(adminSpace, { member: "users/app" });
    await apiError(
      alice.spaces.members.delete({
        name: `${adminSpace}/members/${IDS.demoApp}`,
        useAdminAccess: true,
      }),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("is refused to non-admins and to app authentication", async () => {
    const bob = await t.user("bob@example.com");
    await apiError(
      bob.spaces.members.list({
        parent: GROUP_CHAT,
        useAdminAccess: true,
        filter: 'member.type = "HUMAN"',
      }),
      403,
      "PERMISSION_DENIED",
    );
    const app = await t.app([SCOPE("chat.admin.memberships")]);
    await apiError(
      app.spaces.members.list({
        parent: APP_SPACE,
        useAdminAccess: true,
        filter: 'member.type = "HUMAN"',
      }),
      403,
      "PERMISSION_DENIED",
    );
  });
});
