// Google's AIP-193 error model: every failure the emulator emits is one of these, rendered as
// {"error": {code, message, status, details: [ErrorInfo | BadRequest]}} like chat.googleapis.com.

export type RpcStatus =
  | "INVALID_ARGUMENT"
  | "FAILED_PRECONDITION"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "ABORTED"
  | "RESOURCE_EXHAUSTED"
  | "INTERNAL"
  | "UNAVAILABLE"
  | "DEADLINE_EXCEEDED"
  | "UNIMPLEMENTED";

export const HTTP_CODE: Record<RpcStatus, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  ABORTED: 409,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
  UNIMPLEMENTED: 501,
};

/** One entry of a google.rpc.BadRequest detail; `field` is the proto path (`membership.member`). */
export interface FieldViolation {
  field?: string;
  description: string;
}

/** Status for an arbitrary HTTP code (used by injected faults). */
export function statusForHttp(code: number): RpcStatus {
  const found = (Object.keys(HTTP_CODE) as RpcStatus[]).find((s) => HTTP_CODE[s] === code);
  if (found) return found;
  return code >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
}

export class ApiError extends Error {
  readonly httpCode: number;
  constructor(
    readonly status: RpcStatus,
    message: string,
    readonly reason?: string,
    readonly metadata: Record<string, string> = {},
    httpCode?: number,
    /** Extra response headers (Retry-After, WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
    /** A google.rpc.BadRequest detail (request binding and JSON errors). */
    readonly violations: FieldViolation[] = [],
  ) {
    super(message);
    this.httpCode = httpCode ?? HTTP_CODE[status];
  }

  toJSON(): object {
    const details: object[] = [];
    if (this.reason) {
      details.push({
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: this.reason,
        domain: "googleapis.com",
        metadata: { service: "chat.googleapis.com", ...this.metadata },
      });
    }
    if (this.violations.length) {
      details.push({
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: this.violations,
      });
    }
    return {
      error: {
        code: this.httpCode,
        message: this.message,
        status: this.status,
        ...(details.length ? { details } : {}),
      },
    };
  }
}

export const invalid = (message: string) => new ApiError("INVALID_ARGUMENT", message);
export const notFound = (message = "Requested entity was not found.") =>
  new ApiError("NOT_FOUND", message);
export const denied = (message = "The caller does not have permission") =>
  new ApiError("PERMISSION_DENIED", message);
export const precondition = (message: string) => new ApiError("FAILED_PRECONDITION", message);
export const alreadyExists = (message: string) => new ApiError("ALREADY_EXISTS", message);
/** All request-binding and JSON-payload violations at once, as Google reports them. */
export const badRequest = (violations: FieldViolation[]) =>
  new ApiError(
    "INVALID_ARGUMENT",
    violations.map((v) => v.description).join("\n"),
    undefined,
    {},
    undefined,
    {},
    violations,
  );

const REALM = 'Bearer realm="https://accounts.google.com/"';
const CREDENTIAL_HELP =
  "Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

/** No credential at all. */
export const credentialsMissing = () =>
  new ApiError(
    "UNAUTHENTICATED",
    `Request is missing required authentication credential. ${CREDENTIAL_HELP}`,
    "CREDENTIALS_MISSING",
    {},
    undefined,
    { "www-authenticate": REALM },
  );

/** A credential that is not a valid token; `expired` ones get their own reason. */
export const unauthenticated = (reason = "ACCESS_TOKEN_TYPE_UNSUPPORTED") =>
  new ApiError(
    "UNAUTHENTICATED",
    `Request had invalid authentication credentials. ${CREDENTIAL_HELP}`,
    reason,
    {},
    undefined,
    { "www-authenticate": `${REALM}, error="invalid_token"` },
  );

/** A bad value the method itself refuses, named by its proto path as Google names it. */
export const fieldError = (field: string, description: string) =>
  new ApiError(
    "INVALID_ARGUMENT",
    `Invalid value at '${field}': ${description}`,
    undefined,
    {},
    undefined,
    {},
    [{ field, description }],
  );

export const unimplemented = (message: string) => new ApiError("UNIMPLEMENTED", message);
export const insufficientScopes = () =>
  new ApiError(
    "PERMISSION_DENIED",
    "Request had insufficient authentication scopes.",
    "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
  );
