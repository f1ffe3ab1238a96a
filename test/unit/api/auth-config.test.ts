import { createAuth } from "../../../provider/api/auth";
import { SCOPES } from "../../../provider/api/defaults";
import { resolveEndpoints } from "../../../provider/api/endpoints";
import { ConfigError } from "../../../provider/api/errors";
import { scopesFor } from "../../../provider/api/scopes";
// The stack's key names, as the provider passes them: messages name what the user set.
import { KEY_NAMES as keyNames } from "../../../provider/pulumi/session";

const SECRET = "s3cr3t-VALUE-never-echoed";

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const c = e as ConfigError;
    expect(c.message + c.stack).not.toContain(SECRET);
    return c;
  }
  throw new Error("expected a ConfigError");
}

describe("credential configuration", () => {
  it("rejects invalid JSON without quoting it", () => {
    const e = configError(() =>
      createAuth({ credentials: `{"refresh_token": "${SECRET}"`, keyNames }, {}),
    );
    expect(e.key).toBe("googlechat:credentials");
    expect(e.message).toContain("not valid JSON");
  });

  it("names the missing field of an authorized_user file", () => {
    const e = configError(() =>
      createAuth(
        { credentials: { type: "authorized_user", client_id: "c", refresh_token: SECRET } },
        {},
      ),
    );
    expect(e.message).toContain('"client_secret"');
  });

  it("rejects a service-account key whose private_key is not PEM", () => {
    const e = configError(() =>
      createAuth(
        { credentials: { type: "service_account", client_email: "a@b", private_key: SECRET } },
        {},
      ),
    );
    expect(e.message).toContain("PEM");
  });

  it("rejects impersonation with user credentials and a malformed subject", () => {
    const user = { client_id: "c", client_secret: SECRET, refresh_token: SECRET };
    expect(
      configError(() => createAuth({ credentials: user, impersonate: "a@b.c", keyNames }, {})).key,
    ).toBe("googlechat:impersonate");
    expect(configError(() => createAuth({ impersonate: "not an email", keyNames }, {})).key).toBe(
      "googlechat:impersonate",
    );
  });

  it("uses the caller's key names in messages", () => {
    const e = configError(() =>
      createAuth({ credentials: "[]", keyNames: { credentials: "chat:key" } }, {}),
    );
    expect(e.key).toBe("chat:key");
  });

  it("names the adapter's own keys by default; the stack's keys and hint come from the caller", () => {
    const neutral = configError(() => createAuth({ credentials: "{" }, {}));
    expect(neutral.key).toBe("credentials");
    expect(neutral.message).not.toMatch(/googlechat|pulumi/);
    expect(configError(() => createAuth({ credentials: "{", keyNames }, {})).message).toContain(
      "`pulumi config set --secret googlechat:credentials < key.json`",
    );
    expect(configError(() => resolveEndpoints({ emulatorHost: "x" }, {})).key).toBe("emulatorHost");
  });

  it("detects the mode from the document", async () => {
    const user = { client_id: "c", client_secret: "x", refresh_token: "r" };
    expect(await createAuth({ credentials: user }, {}).mode()).toBe("user");
  });
});

describe("endpoints", () => {
  it("defaults to production", () => {
    expect(resolveEndpoints({}, {})).toEqual({
      rootUrl: "https://chat.googleapis.com/",
      tokenInfoUrl: "https://oauth2.googleapis.com/tokeninfo",
      emulated: false,
    });
  });

  it("sends API and token requests to the emulator; config wins over the environment", () => {
    expect(resolveEndpoints({}, { CHAT_EMULATOR_HOST: "127.0.0.1:8085" })).toMatchObject({
      rootUrl: "http://127.0.0.1:8085/",
      tokenUrlOverride: "http://127.0.0.1:8085/token",
      tokenInfoUrl: "http://127.0.0.1:8085/tokeninfo",
    });
    expect(
      resolveEndpoints({ emulatorHost: "localhost:1" }, { CHAT_EMULATOR_HOST: "127.0.0.1:2" })
        .rootUrl,
    ).toBe("http://localhost:1/");
  });

  it("refuses anything but host:port", () => {
    for (const bad of ["http://127.0.0.1:1", "127.0.0.1", "h:1/x", "h:1?x"]) {
      expect(() => resolveEndpoints({}, { CHAT_EMULATOR_HOST: bad })).toThrow(ConfigError);
    }
  });
});

describe("scopes", () => {
  it("follow the mode, the operation and the member kind", () => {
    expect(scopesFor("user", "create", { member: { kind: "user", ref: "a@b" } })).toEqual([
      SCOPES.memberships,
    ]);
    expect(scopesFor("user", "create", { member: { kind: "app" } })).toEqual([
      SCOPES.membershipsApp,
    ]);
    expect(scopesFor("user", "list")).toEqual([SCOPES.memberships]);
    expect(scopesFor("user", "patch", { useAdminAccess: true })).toEqual([SCOPES.adminMemberships]);
    expect(scopesFor("app", "create")).toEqual([SCOPES.appMemberships]);
    expect(scopesFor("app", "list")).toEqual([SCOPES.bot]);
    expect(scopesFor("user", "getSpace")).toEqual([SCOPES.spacesReadonly]);
  });
});
