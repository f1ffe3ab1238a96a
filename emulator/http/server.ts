// The HTTP front: parse, inject faults and latency, authenticate, apply quotas, dispatch to the
// resource handlers, persist, answer, log.
import { IncomingMessage, Server, ServerResponse, createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { authenticate, Principal, principalLabel } from "../auth";
import { ApiError, badRequest, invalid, notFound, statusForHttp, unimplemented } from "../errors";
import { FaultSpec, FaultTable } from "../faults";
import { QuotaTracker } from "../quota";
import { RequestLog } from "../requestlog";
import { readMessage } from "../schema/protojson";
import { Rpc } from "../scopes";
import { Persister } from "../storage/persister";
import { Store } from "../store";
import { ApiCtx, Reply, Settings } from "./context";
import { ControlDeps, controlCall } from "./control";
import { createMember, deleteMember, getMember, listMembers, patchMember } from "./members";
import { bindQuery } from "./params";
import { route, Route } from "./router";
import { getSpaceEvent, listSpaceEvents } from "./events";
import { searchSpaces } from "./space-search";
import { createSpace, deleteSpace, patchSpace } from "./space-writes";
import { getSpace, listSpaces, setupSpace } from "./spaces";
import { tokenGrant, tokenInfo } from "./token";
import { notServed, unservedMethod } from "./unserved";

export const CONTROL_PREFIX = "/_emulator/v1/";
const MAX_BODY = 5 * 1024 * 1024;

export interface ServerDeps {
  store: Store;
  persister: Persister;
  faults: FaultTable;
  log: RequestLog;
  quota: QuotaTracker;
  settings: Settings;
  control: Omit<ControlDeps, "store" | "faults" | "log" | "quota" | "tokenUrl" | "settings">;
  retryAfterHeader: boolean;
  latencyMs: number;
  /** Filled in once the port is known. */
  tokenUrl: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(invalid("Request payload too large."));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length ? Buffer.concat(chunks).toString("utf8") : ""));
    req.on("error", reject);
  });
}

function parseJsonBody(raw: string): Record<string, unknown> {
  if (!raw.trim()) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw invalid("Invalid JSON payload received. Unexpected token.");
  }
  if (!v || typeof v !== "object" || Array.isArray(v))
    throw invalid("Invalid JSON payload received.");
  return v as Record<string, unknown>;
}

/** Which message each method's body is, and the request field it binds to (its HTTP rule). */
const BODIES: Partial<Record<Rpc, { message: string; root: string }>> = {
  "spaces.members.create": { message: "Membership", root: "membership" },
  "spaces.members.patch": { message: "Membership", root: "membership" },
  "spaces.setup": { message: "SetUpSpaceRequest", root: "" },
  "spaces.create": { message: "Space", root: "space" },
  "spaces.patch": { message: "Space", root: "space" },
};

/** The body as the method's message: strict, like Google's front end (see schema/protojson). */
function readApiBody(rpc: Rpc, raw: string): Record<string, unknown> {
  const spec = BODIES[rpc];
  // Methods without a body ignore one (GET and DELETE bodies are not read at all).
  if (!spec) return {};
  const r = readMessage(spec.message, parseJsonBody(raw), spec.root);
  if (!r.ok) throw badRequest(r.violations);
  return r.value;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=UTF-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function dispatch(ctx: ApiCtx, r: Route): Reply {
  switch (r.rpc) {
    case "spaces.members.create":
      return createMember(ctx, r.space!);
    case "spaces.members.list":
      return listMembers(ctx, r.space!);
    case "spaces.members.get":
      return getMember(ctx, r.space!, r.member!);
    case "spaces.members.patch":
      return patchMember(ctx, r.space!, r.member!);
    case "spaces.members.delete":
      return deleteMember(ctx, r.space!, r.member!);
    case "spaces.get":
      return getSpace(ctx, r.space!);
    case "spaces.list":
      return listSpaces(ctx);
    case "spaces.setup":
      return setupSpace(ctx);
    case "spaces.spaceEvents.list":
      return listSpaceEvents(ctx, r.space!);
    case "spaces.spaceEvents.get":
      return getSpaceEvent(ctx, r.space!, r.member!);
    case "spaces.create":
      return createSpace(ctx);
    case "spaces.patch":
      return patchSpace(ctx, r.space!);
    case "spaces.delete":
      return deleteSpace(ctx, r.space!);
    case "spaces.search":
      return searchSpaces(ctx);
    default:
      throw notFound();
  }
}

export function createEmulatorServer(deps: ServerDeps): Server {
  const controlDeps = (): ControlDeps => ({
    ...deps.control,
    store: deps.store,
    faults: deps.faults,
    log: deps.log,
    quota: deps.quota,
    tokenUrl: deps.tokenUrl,
    settings: deps.settings,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "/";
    const qi = rawUrl.indexOf("?");
    const path = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
    const query = new URLSearchParams(qi < 0 ? "" : rawUrl.slice(qi + 1));

    if (path.startsWith(CONTROL_PREFIX)) {
      try {
        const raw = await readBody(req);
        const out = controlCall(
          controlDeps(),
          path.slice(CONTROL_PREFIX.length),
          parseJsonBody(raw),
          query,
        );
        if (out.mutated) await deps.persister.commit();
        send(res, 200, out.body ?? {});
      } catch (e) {
        const err =
          e instanceof ApiError ? e : new ApiError("INTERNAL", String((e as Error).message));
        send(res, err.httpCode, err.toJSON());
      }
      return;
    }

    const isTokenInfo = path === "/tokeninfo";
    const isToken = path === "/token" || isTokenInfo;
    const r = isToken ? undefined : route(method, path);
    const unserved = isToken || r ? undefined : unservedMethod(method, path);
    const rpc = isTokenInfo ? "oauth.tokeninfo" : isToken ? "oauth.token" : (r?.rpc ?? unserved);
    let principal: Principal | undefined;
    let logPrincipal: string | undefined;
    let logProject: string | undefined;
    let faultLabel: string | undefined;
    const log = (status: number, response?: unknown) =>
      deps.log.record({
        time: new Date().toISOString(),
        method,
        path,
        query: Object.fromEntries(query),
        ...(rpc ? { rpc } : {}),
        status,
        ...(logPrincipal ? { principal: logPrincipal } : {}),
        ...(logProject ? { project: logProject } : {}),
        ...(faultLabel ? { fault: faultLabel } : {}),
        ...(deps.log.recordResponses && response !== undefined ? { response } : {}),
      });

    const fault: FaultSpec | undefined = deps.faults.size
      ? deps.faults.take(rpc, method, path)
      : undefined;
    const afterFault = fault?.phase === "after" ? fault : undefined;
    try {
      if (fault && !afterFault) {
        faultLabel = describe(fault);
        if (fault.delayMs) await sleep(fault.delayMs);
        if (fault.drop) {
          log(0);
          req.socket.destroy();
          return;
        }
        if (fault.status !== undefined) {
          throw new ApiError(
            statusForHttp(fault.status),
            "Injected fault.",
            undefined,
            {},
            fault.status,
          );
        }
      }
      if (deps.latencyMs > 0) await sleep(deps.latencyMs);
      const raw = method === "GET" || method === "DELETE" ? "" : await readBody(req);
      let status = 200;
      let body: unknown;
      const headers: Record<string, string> = {};
      if (isToken) {
        if (method !== "POST" && !isTokenInfo) throw notFound();
        const params = new URLSearchParams(isTokenInfo && method === "GET" ? query : raw);
        const out = isTokenInfo
          ? tokenInfo(deps.store, params, Date.now())
          : tokenGrant(deps.store, params, deps.tokenUrl, Date.now());
        logPrincipal = out.principal;
        logProject = out.project;
        if (out.mutated) await deps.persister.commit();
        status = out.status;
        body = out.body;
        headers["cache-control"] = "no-cache, no-store, max-age=0, must-revalidate";
      } else {
        if (unserved) throw notServed(unserved);
        if (!r) throw notFound(`The requested URL ${path} was not found on this server.`);
        const now = Date.now();
        const bound = bindQuery(r.rpc, query);
        principal = authenticate(
          deps.store,
          req.headers.authorization,
          bound.ok ? bound.query.accessToken : (query.get("access_token") ?? undefined),
          now,
        );
        logPrincipal = principalLabel(principal);
        logProject = principal.project.id;
        // UNCONFIRMED order: credentials, then request binding and body, then quota.
        if (!bound.ok) throw badRequest(bound.violations);
        if (bound.query.alt)
          throw unimplemented(`alt=${bound.query.alt} is not emulated: use alt=json.`);
        const reqBody = readApiBody(r.rpc, raw);
        deps.quota.admit(r.rpc, principal.project, r.space, now, deps.retryAfterHeader);
        const ctx: ApiCtx = {
          store: deps.store,
          principal,
          query: bound.query.params,
          body: reqBody,
          now: new Date(now),
          ints: bound.query.ints,
          settings: deps.settings,
        };
        const out = dispatch(ctx, r);
        if (out.mutated) await deps.persister.commit();
        status = out.status ?? 200;
        body = out.body;
      }
      if (afterFault) {
        faultLabel = describe(afterFault);
        if (afterFault.delayMs) await sleep(afterFault.delayMs);
        if (afterFault.drop) {
          log(0);
          req.socket.destroy();
          return;
        }
        if (afterFault.status !== undefined) {
          throw new ApiError(
            statusForHttp(afterFault.status),
            "Injected fault.",
            undefined,
            {},
            afterFault.status,
          );
        }
      }
      send(res, status, body, headers);
      log(status, body);
    } catch (e) {
      const err =
        e instanceof ApiError
          ? e
          : new ApiError("INTERNAL", `Internal error: ${(e as Error)?.message ?? String(e)}`);
      const errBody = err.toJSON();
      if (!res.headersSent) send(res, err.httpCode, errBody, err.headers);
      log(err.httpCode, errBody);
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

function describe(f: FaultSpec): string {
  if (f.drop) return `drop(${f.phase ?? "before"})`;
  if (f.status !== undefined) return `status ${f.status}(${f.phase ?? "before"})`;
  return `delay ${f.delayMs}ms`;
}
