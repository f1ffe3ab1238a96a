#!/usr/bin/env node
// chat-emulator: run the Google Chat API emulator from a shell.
import { parseArgs } from "node:util";
import { startEmulator, EmulatorOptions } from "./index";
import { QuotaConfig } from "./quota";
import { parseApiRevision } from "./revision";
import { readSeedFile } from "./seed";

const USAGE = `Usage: chat-emulator [options]

  --host HOST            listen address (default 127.0.0.1)
  --port PORT            port (default 8085; 0 picks a free one)
  --state FILE           keep state in FILE (atomic writes; resumes on restart)
  --seed FILE            initial world, YAML or JSON (default: the demo organisation)
  --no-quotas            disable quota enforcement
  --write-quota N/S      membership writes per project, N per S seconds (default 300/60)
  --read-quota N/S       membership reads per project (default 3000/60)
  --space-read-quota N/S reads per space, all callers (default 900/60)
  --latency MS           added to every API call (default 0)
  --no-retry-after       omit the Retry-After header on 429
  --space-member-limit N maximum memberships per space (default 50000)
  --api-revision REV     20261107 (default: member email, displayName, avatarUrl,
                         affiliation) or legacy (as before that revision)
  -h, --help             this text
`;

function rate(
  flag: string,
  v: string | undefined,
): QuotaConfig["membershipWritesPerProject"] | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(v);
  if (!m) throw new Error(`--${flag} "${v}": expected N/SECONDS, e.g. 300/60`);
  return { limit: Number(m[1]), windowMs: Number(m[2]) * 1000 };
}

function int(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${flag} "${v}": expected a non-negative integer`);
  return n;
}

/** The command line as start options; `undefined` for --help. Throws on a bad flag. */
export function optionsFromArgs(argv: string[]): EmulatorOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      state: { type: "string" },
      seed: { type: "string" },
      "no-quotas": { type: "boolean" },
      "write-quota": { type: "string" },
      "read-quota": { type: "string" },
      "space-read-quota": { type: "string" },
      latency: { type: "string" },
      "no-retry-after": { type: "boolean" },
      "space-member-limit": { type: "string" },
      "api-revision": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const quotas: Partial<QuotaConfig> = {};
  if (values["no-quotas"]) quotas.enabled = false;
  const w = rate("write-quota", values["write-quota"]);
  const r = rate("read-quota", values["read-quota"]);
  const s = rate("space-read-quota", values["space-read-quota"]);
  if (w) quotas.membershipWritesPerProject = w;
  if (r) quotas.membershipReadsPerProject = r;
  if (s) quotas.spaceReadsPerSpace = s;
  const opts: EmulatorOptions = {
    host: values.host ?? "127.0.0.1",
    port: int("port", values.port) ?? 8085,
    quotas,
    retryAfterHeader: !values["no-retry-after"],
  };
  const latency = int("latency", values.latency);
  if (latency !== undefined) opts.latencyMs = latency;
  const limit = int("space-member-limit", values["space-member-limit"]);
  if (limit !== undefined) opts.spaceMemberLimit = limit;
  if (values["api-revision"] !== undefined) {
    const rev = parseApiRevision(values["api-revision"]);
    if (typeof rev === "object") throw new Error(`--api-revision: ${rev.error}`);
    opts.apiRevision = rev;
  }
  if (values.state) opts.stateFile = values.state;
  if (values.seed) opts.seed = readSeedFile(values.seed);
  return opts;
}

export async function main(argv: string[]): Promise<void> {
  const opts = optionsFromArgs(argv);
  if (!opts) {
    process.stdout.write(USAGE);
    return;
  }
  const emu = await startEmulator(opts);
  const how = opts.stateFile
    ? ` (state ${opts.stateFile}${emu.resumed ? ", resumed" : ", new"})`
    : " (in memory)";
  process.stdout.write(
    `Chat API emulator listening on ${emu.url}${how}\n` +
      `export CHAT_EMULATOR_HOST=${emu.hostPort}\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`chat-emulator: ${signal}, flushing state and stopping\n`);
    emu.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`chat-emulator: stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`chat-emulator: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exit(2);
  });
}
