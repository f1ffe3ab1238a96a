import { AsyncLocalStorage } from "node:async_hooks";
import type { LogSink } from "../pulumi/session";
import { sdkRequire } from "./sdk";

// The plugin's messages (the plan summary, first-apply removals, adoptions, retries) reach the
// user through the engine's log service, under the resource whose call produced them — the
// engine does not show a resource plugin's stdout the way it shows the dynamic provider's.

const currentUrn = new AsyncLocalStorage<string>();

/** Runs one provider call; what it logs is shown under `urn`. */
export function forResource<T>(urn: string, run: () => T): T {
  return currentUrn.run(urn, run);
}

interface Grpc {
  credentials: { createInsecure(): unknown };
}
interface LogRequest {
  setSeverity(s: number): void;
  setMessage(m: string): void;
  setUrn(u: string): void;
}
interface EnginePb {
  LogRequest: new () => LogRequest;
  LogSeverity: { INFO: number; WARNING: number };
}
type EngineClient = new (
  address: string,
  credentials: unknown,
) => { log(req: LogRequest, done: (err: unknown) => void): void };

/** A sink that sends each line to the engine at `address`. */
export function engineLogSink(address: string): LogSink {
  const grpc = sdkRequire<Grpc>("@grpc/grpc-js");
  const pb = sdkRequire<EnginePb>("@pulumi/pulumi/proto/engine_pb");
  const { EngineClient } = sdkRequire<{ EngineClient: EngineClient }>(
    "@pulumi/pulumi/proto/engine_grpc_pb",
  );
  const engine = new EngineClient(address, grpc.credentials.createInsecure());
  return (severity, line) => {
    const req = new pb.LogRequest();
    req.setSeverity(severity === "warn" ? pb.LogSeverity.WARNING : pb.LogSeverity.INFO);
    req.setMessage(line);
    req.setUrn(currentUrn.getStore() ?? "");
    // A message the engine cannot take is not worth failing the operation for.
    engine.log(req, () => undefined);
  };
}
