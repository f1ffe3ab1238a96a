import { ApiError, ConfigError, isApiError, toApiError } from "../../../provider/api/errors";

const ctx = {
  rpc: "spaces.members.create" as const,
  target: "spaces/AAA users/bob@example.com",
  attempts: 1,
  tokenUrls: ["https://oauth2.googleapis.com/token", "http://127.0.0.1:9/token"],
};

const SECRET = "ya29.SECRET-ACCESS-TOKEN";

function gaxiosLike(url: string, status: number, data: unknown) {
  return Object.assign(new Error(`request failed ${status}`), {
    config: {
      url,
      headers: { authorization: `Bearer ${SECRET}` },
      data: `refresh_token=${SECRET}`,
    },
    response: { status, headers: new Headers(), data, config: { data: SECRET } },
    stack: `Error: boom\n    at secret (${SECRET})`,
  });
}

describe("toApiError", () => {
  it("keeps Chat's status, message, ErrorInfo reason and HTTP status in one line", () => {
    const e = toApiError(
      gaxiosLike("https://chat.googleapis.com/v1/spaces/AAA/members", 409, {
        error: {
          code: 409,
          status: "ALREADY_EXISTS",
          message: "Membership already exists.\n(second line)",
          details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "DUP" }],
        },
      }),
      ctx,
    );
    expect(e).toBeInstanceOf(ApiError);
    const a = e as ApiError;
    expect(a).toMatchObject({
      code: "ALREADY_EXISTS",
      httpStatus: 409,
      reason: "DUP",
      rpc: "spaces.members.create",
    });
    expect(a.message).toBe(
      "spaces.members.create spaces/AAA users/bob@example.com: ALREADY_EXISTS — Membership already exists. (second line)",
    );
    expect(a.stack).not.toContain("\n");
    expect(isApiError(a, "ALREADY_EXISTS")).toBe(true);
    expect(isApiError(a, "NOT_FOUND")).toBe(false);
  });

  it("derives the status from HTTP when the body is not AIP-193", () => {
    const a = toApiError(gaxiosLike("https://chat.googleapis.com/v1/x", 404, "<html>"), ctx);
    expect(a).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
  });

  it("reports token endpoint refusals as UNAUTHENTICATED on oauth2.token, with the fix", () => {
    const a = toApiError(
      gaxiosLike("http://127.0.0.1:9/token", 400, {
        error: "invalid_grant",
        error_description: "Bad refresh token",
      }),
      ctx,
    );
    expect(a).toMatchObject({
      code: "UNAUTHENTICATED",
      rpc: "oauth2.token",
      reason: "invalid_grant",
    });
    expect(a.message).toContain("check the credentials");
  });

  it("never carries tokens, request bodies or the original stack", () => {
    const a = toApiError(gaxiosLike("https://chat.googleapis.com/v1/x", 500, {}), ctx);
    const everything = JSON.stringify(a) + a.message + a.stack + Object.values(a).join(" ");
    expect(everything).not.toContain(SECRET);
    expect((a as unknown as { cause?: unknown }).cause).toBeUndefined();
  });

  it("names network failures by their socket code", () => {
    const socket = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const err = Object.assign(new Error("x"), {
      cause: new TypeError("fetch failed", { cause: socket }),
    });
    const a = toApiError(err, { ...ctx, attempts: 7 });
    expect(a).toMatchObject({ code: "NETWORK_ERROR", attempts: 7 });
    expect(a.message).toContain("ECONNRESET");
  });

  it("passes ConfigError through untouched", () => {
    const c = new ConfigError("googlechat:credentials", "is not valid JSON");
    expect(toApiError(c, ctx)).toBe(c);
  });
});
