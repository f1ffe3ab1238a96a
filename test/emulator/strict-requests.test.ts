// What Google's front end refuses, the emulator refuses the same way: unknown fields at any depth,
// unknown query parameters, values that do not fit their type; `null` is unset; system
// parameters are accepted on every method; methods it does not serve are 501.
import { chat_v1 } from "@googleapis/chat";
import { DEMO, IDS, TestEmulator, apiError, startTestEmulator } from "./helpers";

let t: TestEmulator;
let alice: chat_v1.Chat;
let token: string;
beforeAll(async () => {
  t = await startTestEmulator();
  alice = await t.user("alice@example.com");
  token = (await t.control.mintAccessToken({ user: "alice@example.com" })).access_token;
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.reset();
});
afterAll(() => t.stop());

const call = (method: string, pathAndQuery: string, body?: unknown, auth = true) =>
  fetch(`${t.emu.url}${pathAndQuery}`, {
    method,
    headers: {
      ...(auth ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

async function errorOf(res: Response) {
  const body = (await res.json()) as {
    error: { code: number; status: string; message: string; details?: unknown[] };
  };
  return { http: res.status, ...body.error };
}

describe("JSON bodies", () => {
  it("refuse an unknown field nested in the membership, naming its path", async () => {
    const body = { member: { name: "users/carol@example.com", type: "HUMAN", nick: "c" } };
    const err = await apiError(
      alice.spaces.members.create({ parent: DEMO, requestBody: body as chat_v1.Schema$Membership }),
      400,
      "INVALID_ARGUMENT",
    );
    const message = `Invalid JSON payload received. Unknown name "nick" at 'membership.member': Cannot find field.`;
    expect(err.message).toBe(message);
    expect(err.details).toEqual([
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field: "membership.member", description: message }],
      },
    ]);
    expect(await t.control.listMembers(DEMO)).toHaveLength(2); // nothing was created
  });

  it("refuse unknown top-level fields of create, patch and setup (all reported)", async () => {
    const create = await errorOf(
      await call("POST", `/v1/${DEMO}/members`, {
        member: { name: "users/carol@example.com" },
        colour: "red",
        size: 2,
      }),
    );
    expect(create.message.split("\n")).toEqual([
      `Invalid JSON payload received. Unknown name "colour" at 'membership': Cannot find field.`,
      `Invalid JSON payload received. Unknown name "size" at 'membership': Cannot find field.`,
    ]);
    const patch = await errorOf(
      await call("PATCH", `/v1/${DEMO}/members/${IDS.bob}?updateMask=role`, {
        role: "ROLE_MANAGER",
        extra: true,
      }),
    );
    expect(patch.message).toContain(`Unknown name "extra" at 'membership'`);
    const setup = await errorOf(
      await call("POST", "/v1/spaces:setup", {
        space: { spaceType: "SPACE", displayName: "S", theme: "dark" },
        memberships: [{ groupMember: { name: "groups/eng", email: "x" } }],
        dryRun: true,
      }),
    );
    expect(setup.message.split("\n").sort()).toEqual(
      [
        `Invalid JSON payload received. Unknown name "theme" at 'space': Cannot find field.`,
        `Invalid JSON payload received. Unknown name "email" at 'memberships[0].group_member': Cannot find field.`,
        `Invalid JSON payload received. Unknown name "dryRun": Cannot find field.`,
      ].sort(),
    );
  });

  it("refuse values of the wrong type, naming the field and the type", async () => {
    const role = await errorOf(
      await call("PATCH", `/v1/${DEMO}/members/${IDS.bob}?updateMask=role`, { role: "OWNER" }),
    );
    expect(role).toMatchObject({
      http: 400,
      message: `Invalid value at 'membership.role' (type.googleapis.com/google.chat.v1.Membership.MembershipRole), "OWNER"`,
    });
    const name = await errorOf(await call("POST", `/v1/${DEMO}/members`, { member: { name: 7 } }));
    expect(name.message).toBe(`Invalid value at 'membership.member.name' (TYPE_STRING), 7`);
  });

  it("take proto field names and treat null as unset", async () => {
    const res = await call("POST", `/v1/${DEMO}/members`, {
      member: { name: "users/carol@example.com", type: "HUMAN", display_name: null },
      group_member: null,
      role: null,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe(`${DEMO}/members/${IDS.carol}`);
    const group = await call("POST", `/v1/${DEMO}/members`, {
      group_member: { name: "groups/eng" },
    });
    expect(group.status).toBe(200);
  });
});

describe("the methods' own checks", () => {
  it("name the field by its proto path, with a BadRequest detail", async () => {
    const role = await errorOf(
      await call("POST", `/v1/${DEMO}/members`, {
        member: { name: "users/carol@example.com" },
        role: "ROLE_MANAGER",
      }),
    );
    expect(role).toMatchObject({ http: 400, status: "INVALID_ARGUMENT" });
    expect(role.message).toMatch(/^Invalid value at 'membership\.role': /);
    expect(role.details).toEqual([
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field: "membership.role", description: expect.any(String) }],
      },
    ]);
    const group = await errorOf(
      await call("POST", "/v1/spaces/AAAAgroup01/members", { groupMember: { name: "groups/eng" } }),
    );
    expect(group.details).toEqual([
      expect.objectContaining({
        fieldViolations: [expect.objectContaining({ field: "membership.group_member" })],
      }),
    ]);
    const mask = await errorOf(
      await call("PATCH", `/v1/${DEMO}/members/${IDS.bob}?updateMask=state`, {
        role: "ROLE_MEMBER",
      }),
    );
    expect(mask.message).toMatch(/^Invalid value at 'update_mask': /);
  });
});

describe("query parameters", () => {
  it("refuse unknown ones", async () => {
    const err = await errorOf(await call("GET", `/v1/${DEMO}/members?pageSize=10&showAll=true`));
    const message = `Invalid JSON payload received. Unknown name "showAll": Cannot bind query parameter. Field 'showAll' could not be found in request message.`;
    expect(err).toMatchObject({ http: 400, status: "INVALID_ARGUMENT", message });
    expect(err.details).toEqual([
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ description: message }],
      },
    ]);
    // A parameter of another method is unknown here too.
    const onCreate = await errorOf(
      await call("POST", `/v1/${DEMO}/members?showInvited=true`, { member: { name: "users/x" } }),
    );
    expect(onCreate.message).toContain("Cannot bind query parameter. Field 'showInvited'");
  });

  it("refuse a page size that does not fit int32, naming the field", async () => {
    const err = await errorOf(await call("GET", `/v1/${DEMO}/members?pageSize=2147483648`));
    expect(err).toMatchObject({
      http: 400,
      message: `Invalid value at 'page_size' (TYPE_INT32), "2147483648"`,
    });
    const ok = await call("GET", `/v1/${DEMO}/members?pageSize=2147483647`);
    expect(ok.status).toBe(200); // clamped to 1000, as documented
    const bool = await errorOf(await call("GET", `/v1/${DEMO}/members?showGroups=yes`));
    expect(bool.message).toBe(`Invalid value at 'show_groups' (TYPE_BOOL), "yes"`);
  });

  it("bind proto names too, and accept the system parameters of every method", async () => {
    const res = await call(
      "GET",
      `/v1/${DEMO}/members?page_size=1&show_invited=true&alt=json&prettyPrint=false&$.xgafv=2&quotaUser=q&fields=memberships&key=k&$alt=json%3Benum-encoding%3Dint`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { memberships: { state: unknown }[]; nextPageToken: string };
    expect(body.memberships).toHaveLength(1);
    expect(body.memberships[0]!.state).toBe(1);
    const xgafv = await errorOf(await call("GET", `/v1/${DEMO}/members?$.xgafv=3`));
    expect(xgafv.message).toBe(`Invalid value at '$.xgafv' (TYPE_ENUM), "3"`);
  });

  it("take the access token from access_token when there is no Authorization header", async () => {
    const res = await call("GET", `/v1/${DEMO}?access_token=${token}`, undefined, false);
    expect(res.status).toBe(200);
  });

  it("answer alt=proto with 501: a format the emulator does not produce", async () => {
    expect((await errorOf(await call("GET", `/v1/${DEMO}?alt=proto`))).http).toBe(501);
  });
});

describe("credentials", () => {
  it("a request without any is 401 CREDENTIALS_MISSING with WWW-Authenticate", async () => {
    const res = await call("GET", `/v1/${DEMO}/members`, undefined, false);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="https://accounts.google.com/"');
    const err = await errorOf(res);
    expect(err).toMatchObject({ http: 401, status: "UNAUTHENTICATED" });
    expect(err.details).toEqual([expect.objectContaining({ reason: "CREDENTIALS_MISSING" })]);
  });

  it("an unknown token is ACCESS_TOKEN_TYPE_UNSUPPORTED, an expired one ACCESS_TOKEN_EXPIRED", async () => {
    const res = await fetch(`${t.emu.url}/v1/${DEMO}`, {
      headers: { authorization: "Bearer nope" },
    });
    expect(res.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    expect((await errorOf(res)).details).toEqual([
      expect.objectContaining({ reason: "ACCESS_TOKEN_TYPE_UNSUPPORTED" }),
    ]);
    await t.control.expireTokens();
    expect((await errorOf(await call("GET", `/v1/${DEMO}`))).details).toEqual([
      expect.objectContaining({ reason: "ACCESS_TOKEN_EXPIRED" }),
    ]);
    token = (await t.control.mintAccessToken({ user: "alice@example.com" })).access_token;
  });
});

describe("methods the emulator does not serve", () => {
  it("are 501 UNIMPLEMENTED, not 404, and need no credential to say so", async () => {
    const err = await errorOf(await call("POST", `/v1/${DEMO}/messages`, { text: "hi" }, false));
    expect(err).toMatchObject({ http: 501, status: "UNIMPLEMENTED" });
    expect(err.message).toContain("spaces.messages.create is not emulated");
    const counters = await t.control.counters();
    expect(counters["spaces.messages.create"]?.byStatus).toEqual({ "501": 1 });
    expect((await call("GET", "/v1/nothing/here")).status).toBe(404);
  });
});
