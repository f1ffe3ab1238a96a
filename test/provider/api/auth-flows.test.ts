import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// Token flows against the emulator's /token endpoint with the unmodified google-auth-library.
import { createChatApi, isApiError } from "../../../provider/api/index";
import { FAST_RETRY, TEST_FETCH, SPACE, seedWithBigSpace, type Emulator } from "./harness";
import { startEmulator } from "../../../emulator/index";
// The stack's key names, as the provider passes them: messages name what the user set.
import { KEY_NAMES } from "../../../provider/pulumi/session";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: seedWithBigSpace() });
});
afterAll(async () => {
  await emu?.stop();
});

const tokenRequests = async () =>
  (await emu.control.requests()).filter((r: { path: string }) => r.path === "/token");

describe("token flows", () => {
  it("Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS → a key file)", async () => {
    const key = await emu.control.mintServiceAccountKey({ project: "demo-project" });
    const dir = mkdtempSync(join(tmpdir(), "adc-"));
    const file = join(dir, "key.json");
    writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = file;
    try {
      const api = createChatApi({
        ...TEST_FETCH,
        impersonate: "alice@example.com",
        emulatorHost: emu.hostPort,
      });
      expect((await api.getSpace(SPACE)).spaceType).toBe("SPACE");
      const log = await emu.control.requests();
      expect(log.filter((r) => r.rpc === "spaces.get").pop()?.principal).toBe(
        "users/100000000000000000001",
      );
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("authorized_user: refresh-token grant at the emulator, then user-authenticated reads", async () => {
    const before = (await tokenRequests()).length;
    const creds = await emu.control.mintAuthorizedUser({ user: "alice@example.com" });
    const api = createChatApi({
      ...TEST_FETCH,
      credentials: JSON.stringify(creds),
      emulatorHost: emu.hostPort,
    });
    const m = await api.getMembership(`${SPACE}/members/alice@example.com`);
    expect(m).toMatchObject({ memberName: "users/100000000000000000001", role: "ROLE_MANAGER" });
    expect((await tokenRequests()).length).toBe(before + 1);
  });

  it("token.json shape (token, refresh_token, token_uri, scopes, expiry) via CHAT_EMULATOR_HOST", async () => {
    const au = await emu.control.mintAuthorizedUser({ user: "alice@example.com" });
    const tokenJson = {
      token: "ya29.stale-not-known-to-the-emulator",
      refresh_token: au.refresh_token,
      token_uri: "https://oauth2.googleapis.com/token",
      client_id: au.client_id,
      client_secret: au.client_secret,
      scopes: ["https://www.googleapis.com/auth/chat.memberships"],
      // Expired: the client must refresh against the emulator before calling.
      expiry: "2020-01-01T00:00:00.000000",
    };
    const api = createChatApi({
      ...TEST_FETCH,
      credentials: tokenJson,
      env: { CHAT_EMULATOR_HOST: emu.hostPort },
    });
    const all = await api.listMemberships(SPACE);
    expect(all.map((m) => m.memberName)).toContain("users/100000000000000000002");
  });

  it("token.json whose recorded scopes lack the needed one fails before any call", async () => {
    const au = await emu.control.mintAuthorizedUser({ user: "alice@example.com" });
    const api = createChatApi({
      ...TEST_FETCH,
      credentials: { ...au, type: undefined, scopes: ["https://www.googleapis.com/auth/chat.bot"] },
      emulatorHost: emu.hostPort,
      keyNames: KEY_NAMES,
    });
    await expect(api.listMemberships(SPACE)).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      key: "googlechat:credentials",
    });
  });

  it("service-account key without impersonation is app authentication", async () => {
    const key = await emu.control.mintServiceAccountKey({ project: "demo-project" });
    const api = createChatApi({
      ...TEST_FETCH,
      credentials: key,
      emulatorHost: emu.hostPort,
      retry: FAST_RETRY,
    });
    // The app is a member of AAAAapp001; with app auth the list omits app memberships.
    const members = await api.listMemberships("spaces/AAAAapp001");
    expect(members.map((m) => m.memberType)).not.toContain("BOT");
    expect(members.map((m) => m.memberName)).toContain("users/100000000000000000001");
    const log = await emu.control.requests();
    const last = log.filter((r: { rpc?: string }) => r.rpc === "spaces.members.list").pop();
    expect(last?.principal).toMatch(/^app:/);
  });

  it("service-account key with impersonate acts as that user (domain-wide delegation)", async () => {
    const key = await emu.control.mintServiceAccountKey({ project: "demo-project" });
    const api = createChatApi({
      ...TEST_FETCH,
      credentials: key,
      impersonate: "alice@example.com",
      emulatorHost: emu.hostPort,
    });
    const created = await api.createMembership(SPACE, { kind: "user", ref: "carol@example.com" });
    expect(created).toMatchObject({ memberName: "users/100000000000000000003", state: "JOINED" });
    const log = await emu.control.requests();
    const last = log.filter((r: { rpc?: string }) => r.rpc === "spaces.members.create").pop();
    expect(last?.principal).toBe("users/100000000000000000001");
    await api.deleteMembership(created.name);
  });

  it("a revoked refresh token is UNAUTHENTICATED on oauth2.token, without echoing the secret", async () => {
    const au = await emu.control.mintAuthorizedUser({ user: "alice@example.com" });
    const bad = { ...au, refresh_token: "1//not-a-real-refresh-token-SECRET" };
    const api = createChatApi({
      ...TEST_FETCH,
      credentials: bad,
      emulatorHost: emu.hostPort,
      retry: FAST_RETRY,
      keyNames: KEY_NAMES,
    });
    const err = await api.listMemberships(SPACE).catch((e: unknown) => e);
    expect(isApiError(err, "UNAUTHENTICATED")).toBe(true);
    expect(err).toMatchObject({ rpc: "oauth2.token", reason: "invalid_grant" });
    const text =
      JSON.stringify(err) + String((err as Error).message) + String((err as Error).stack);
    expect(text).not.toContain("SECRET");
    expect(text).not.toContain(au.client_secret);
    expect((err as Error).message).toContain("check googlechat:credentials");
  });
});
