// A faithful local emulator of the Google Chat API (memberships, spaces, tokens, quotas, faults).
import { AddressInfo } from "node:net";
import { EmulatorControl } from "./control-client";
import { FaultTable } from "./faults";
import { createEmulatorServer, ServerDeps } from "./http/server";
import { DEFAULT_QUOTAS, mergeQuotas, QuotaConfig, QuotaTracker } from "./quota";
import { RequestLog } from "./requestlog";
import { ApiRevision, DEFAULT_API_REVISION, parseApiRevision } from "./revision";
import { defaultSeed, Seed, worldFromSeed } from "./seed";
import { FileBackend } from "./storage/file";
import { MemoryBackend } from "./storage/memory";
import { Persister } from "./storage/persister";
import { Store } from "./store";

export { EmulatorControl, EmulatorControlError } from "./control-client";
export type { RawMembership } from "./control-client";
export { defaultSeed, readSeedFile, DEMO_PROJECT, DEMO_SPACE } from "./seed";
export type {
  Seed,
  SeedUser,
  SeedGroup,
  SeedProject,
  SeedSpace,
  SeedMember,
  SeedDelegation,
} from "./seed";
export { DEFAULT_QUOTAS } from "./quota";
export type { QuotaConfig, QuotaLimit } from "./quota";
export type { FaultSpec } from "./faults";
export type { LoggedRequest, RpcCounter } from "./requestlog";
export type { AuthorizedUserJson, ServiceAccountKeyJson } from "./credentials";
export { emulatorTransporter } from "./transporter";
export { API_REVISIONS, DEFAULT_API_REVISION } from "./revision";
export type { ApiRevision } from "./revision";
export type { Affiliation } from "./affiliation";

export interface EmulatorOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** File backend (atomic writes, resumes on restart); memory when absent. */
  stateFile?: string;
  /** World to start from (and to return to on reset()); defaultSeed() when absent. */
  seed?: Seed;
  quotas?: Partial<QuotaConfig>;
  /** Added to every API call. */
  latencyMs?: number;
  /** Send Retry-After on 429 (default true). */
  retryAfterHeader?: boolean;
  /** Maximum memberships per space (default 50,000). */
  spaceMemberLimit?: number;
  /**
   * "20261107" (default): member email, displayName, avatarUrl and affiliation as that revision
   * documents; "legacy": as before it (no email, avatarUrl, affiliation; user auth sees only
   * member name and type). Changeable at runtime: `control.setApiRevision`.
   */
  apiRevision?: ApiRevision;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** "127.0.0.1:PORT": the CHAT_EMULATOR_HOST value. */
  hostPort: string;
  control: EmulatorControl;
  /** Whether the state came from an existing state file. */
  resumed: boolean;
  stop(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? "127.0.0.1";
  const apiRevision = parseApiRevision(opts.apiRevision ?? DEFAULT_API_REVISION);
  if (typeof apiRevision === "object") throw new Error(`apiRevision: ${apiRevision.error}`);
  const startupSeed = opts.seed ?? defaultSeed();
  const store = new Store();
  const backend = opts.stateFile ? new FileBackend(opts.stateFile) : new MemoryBackend();
  const saved = await backend.load();
  if (saved) store.load(saved);
  else store.loadWorld(worldFromSeed(startupSeed, () => store.allocateId()));
  const persister = new Persister(backend, () => store.snapshot());
  if (!saved) await persister.commit();

  const quota = new QuotaTracker(mergeQuotas(DEFAULT_QUOTAS, opts.quotas ?? {}));
  const deps: ServerDeps = {
    store,
    persister,
    faults: new FaultTable(),
    log: new RequestLog(),
    quota,
    settings: { spaceMemberLimit: opts.spaceMemberLimit ?? 50_000, apiRevision },
    retryAfterHeader: opts.retryAfterHeader ?? true,
    latencyMs: opts.latencyMs ?? 0,
    tokenUrl: "",
    control: {
      startupSeed,
      setLatency: (ms) => (deps.latencyMs = ms),
      getLatency: () => deps.latencyMs,
    },
  };
  const server = createEmulatorServer(deps);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPort = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  const url = `http://${hostPort}`;
  deps.tokenUrl = `${url}/token`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    hostPort,
    control: new EmulatorControl(url),
    resumed: saved !== undefined,
    stop: () =>
      (stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await persister.flushed();
      })()),
  };
}
