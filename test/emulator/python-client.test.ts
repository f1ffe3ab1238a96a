// Google's Python client (google-api-python-client with the discovery document of revision
// 20261107, google-auth) against the emulator: the seed guide's samples, every way of
// authenticating, and the requests Google refuses. Scripts: test/emulator/python/.
import { APP_SPACE, DEMO, IDS, TestEmulator, startTestEmulator } from "./helpers";
import { pythonEnv, runPython } from "./discovery";

interface Outcome {
  ok?: Record<string, unknown>;
  status?: number;
  error?: { error: { code: number; status: string; message: string; details?: unknown[] } };
  exception?: string;
  message?: string;
}

let t: TestEmulator;
beforeAll(async () => {
  pythonEnv(); // builds the environment on a cold machine (minutes at most, once)
  t = await startTestEmulator();
}, 300_000);
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.reset();
});
afterAll(() => t.stop());

it("runs the seed guide's samples: a user, then the calling app; narrowed tokens stay narrow", async () => {
  const out = await runPython<Record<string, Outcome>>("seed_guide.py", {
    url: t.emu.url,
    space: DEMO,
    user: await t.control.mintAuthorizedUser({ user: "alice@example.com" }),
    readonly_user: await t.control.mintAuthorizedUser({
      user: "alice@example.com",
      scopes: ["chat.memberships.readonly"],
    }),
  });
  expect(out.human!.ok).toMatchObject({
    name: `${DEMO}/members/${IDS.carol}`,
    state: "JOINED",
    member: { name: `users/${IDS.carol}`, type: "HUMAN", email: "carol@example.com" },
    affiliation: "INTERNAL",
  });
  expect(out.app!.ok).toMatchObject({ member: { name: `users/${IDS.demoApp}`, type: "BOT" } });
  expect(out.narrowed!.status).toBe(403);
  expect(out.widened).toMatchObject({ exception: "RefreshError" });
  expect(out.widened!.message).toMatch(/invalid_scope/);
  const tokens = (await t.control.requests()).filter((e) => e.rpc === "oauth.token");
  expect(tokens.length).toBeGreaterThanOrEqual(3);
});

it("authenticates with a service account: token endpoint, delegation and a self-signed JWT", async () => {
  const key = await t.key();
  const out = await runPython<Record<string, Outcome>>("service_account.py", {
    url: t.emu.url,
    key,
    app_space: APP_SPACE,
  });
  const names = (o: Outcome) =>
    (o.ok?.memberships as { member: { name: string } }[]).map((m) => m.member.name);
  expect(names(out.app!)).toEqual([`users/${IDS.alice}`]);
  expect(names(out.self_signed!)).toEqual([`users/${IDS.alice}`]);
  expect(names(out.delegated!).sort()).toEqual([`users/${IDS.alice}`, `users/${IDS.demoApp}`]);
  const log = await t.control.requests();
  // Two token requests (app and delegation); the self-signed JWT needs none.
  expect(log.filter((e) => e.rpc === "oauth.token").map((e) => e.principal)).toEqual([
    "app:demo-project",
    `users/${IDS.alice}`,
  ]);
});

it("refuses what Google refuses, the way Google does", async () => {
  const out = await runPython<Record<string, Outcome & Outcome[]>>("strict.py", {
    url: t.emu.url,
    space: DEMO,
    user: await t.control.mintAuthorizedUser({ user: "alice@example.com" }),
  });
  expect(out.unknown_field!.status).toBe(400);
  expect(out.unknown_field!.error!.error.message).toBe(
    `Invalid JSON payload received. Unknown name "nick" at 'membership.member': Cannot find field.`,
  );
  expect(out.null_is_unset!.ok).toMatchObject({ name: `${DEMO}/members/${IDS.carol}` });
  expect(out.page_size_overflow!.status).toBe(400);
  expect(out.page_size_overflow!.error!.error.message).toBe(
    `Invalid value at 'page_size' (TYPE_INT32), "2147483648"`,
  );
  expect(out.unknown_param!.error!.error.message).toContain(
    "Cannot bind query parameter. Field 'showEveryone' could not be found in request message.",
  );
  expect(out.unserved!.status).toBe(501);
  const [first, second] = out.idempotent as Outcome[];
  expect(second!.ok!.name).toBe(first!.ok!.name);
});
