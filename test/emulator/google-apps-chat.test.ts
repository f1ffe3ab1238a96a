// A second, independent client: the official @google-apps/chat ChatServiceClient in REST
// fallback mode (it asks for enum-encoding=int) against the emulator.
import { ChatServiceClient } from "@google-apps/chat";
import { OAuth2Client } from "google-auth-library";
import { DEMO, IDS, TestEmulator, startTestEmulator } from "./helpers";

let t: TestEmulator;
let client: ChatServiceClient;
beforeAll(async () => {
  t = await startTestEmulator();
  const cred = await t.control.mintAuthorizedUser({ user: "alice@example.com" });
  const authClient = new OAuth2Client({
    clientId: cred.client_id,
    clientSecret: cred.client_secret,
    endpoints: { oauth2TokenUrl: t.emu.url + "/token" },
    transporterOptions: { fetchImplementation: globalThis.fetch },
  });
  authClient.setCredentials({ refresh_token: cred.refresh_token });
  const port = Number(new URL(t.emu.url).port);
  client = new ChatServiceClient({
    fallback: true,
    apiEndpoint: "127.0.0.1",
    port,
    protocol: "http",
    authClient,
  });
});
afterEach(() => t.expectValidResponses());
afterAll(async () => {
  await client.close();
  await t.stop();
});

it("round-trips create, list, get, patch and delete", async () => {
  const [created] = await client.createMembership({
    parent: DEMO,
    membership: { member: { name: "users/carol@example.com", type: "HUMAN" } },
  });
  expect(created).toMatchObject({
    name: `${DEMO}/members/${IDS.carol}`,
    state: "JOINED",
    role: "ROLE_MEMBER",
  });

  const [listed] = await client.listMemberships({ parent: DEMO, pageSize: 2 });
  expect(listed.map((m) => m.name).sort()).toEqual(
    [IDS.alice, IDS.bob, IDS.carol].map((id) => `${DEMO}/members/${id}`).sort(),
  );

  const [got] = await client.getMembership({ name: `${DEMO}/members/carol@example.com` });
  expect(got.member).toMatchObject({ name: `users/${IDS.carol}`, type: "HUMAN" });

  const [patched] = await client.updateMembership({
    membership: { name: `${DEMO}/members/${IDS.carol}`, role: "ROLE_MANAGER" },
    updateMask: { paths: ["role"] },
  });
  expect(patched.role).toBe("ROLE_MANAGER");

  const [deleted] = await client.deleteMembership({ name: `${DEMO}/members/${IDS.carol}` });
  expect(deleted.name).toBe(`${DEMO}/members/${IDS.carol}`);
  expect((await t.control.listMembers(DEMO)).map((m) => m.email)).not.toContain(
    "carol@example.com",
  );

  const log = await t.control.requests();
  expect(
    log
      .filter((e) => e.rpc?.startsWith("spaces.members"))
      .every((e) => /enum-encoding=int/.test(e.query["$alt"] ?? "")),
  ).toBe(true);
});

it("surfaces Google errors with their codes", async () => {
  await expect(
    client.createMembership({
      parent: DEMO,
      membership: { member: { name: "users/bob@example.com", type: "HUMAN" } },
    }),
  ).rejects.toMatchObject({ code: 6 /* ALREADY_EXISTS */ });
});
