import type { ConfigSource } from "../pulumi/session";
import { sdkRequire } from "./sdk";

// The `googlechat` plugin's configuration. `@pulumi/pulumi/provider`'s server answers the
// engine's Configure call without handing the configuration to the provider object, so the one
// gRPC service it registers is wrapped here: Configure first gives the configuration to `apply`
// (the same session.configure the dynamic provider uses), then answers as the SDK does. A bad
// value fails Configure with the key, the value and the fix.

type Callback = (err: unknown, value?: unknown) => void;
type Call = { request: ConfigureRequest };
interface ConfigureRequest {
  getVariablesMap(): { get(key: string): string | undefined };
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface ServiceImpl {
  configure(call: Call, callback: Callback): void;
}

/** The engine's secret marker (a property map value `{[SIG]: SECRET, value}`). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

function plain(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "object" && (v as Record<string, unknown>)[SIG] === SECRET)
    return plain((v as { value?: unknown }).value);
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * The configuration of one Configure call. Stack keys `googlechat:credentials` arrive as
 * variables `googlechat:config:credentials`; an explicit provider's inputs as args.
 */
export function configSource(req: ConfigureRequest): ConfigSource {
  const variables = req.getVariablesMap();
  const args = req.getArgs()?.toJavaScript() ?? {};
  return {
    config: {
      get: (key: string) => {
        const [pkg, name] = key.split(":") as [string, string];
        return variables.get(`${pkg}:config:${name}`) ?? plain(args[name]);
      },
    },
  };
}

/** Wraps the provider service the SDK registers, so Configure reaches `apply` first. */
export function interceptConfigure(apply: (source: ConfigSource) => void): void {
  // The same @grpc/grpc-js instance the SDK's server uses.
  const grpc = sdkRequire<{
    Server: { prototype: { addService(service: unknown, impl: unknown): void } };
    status: { INVALID_ARGUMENT: number };
  }>("@grpc/grpc-js");
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, impl: unknown) {
    const sdk = impl as ServiceImpl;
    const wrapped = Object.create(sdk) as ServiceImpl;
    wrapped.configure = (call: Call, callback: Callback) => {
      try {
        apply(configSource(call.request));
      } catch (e) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: (e as Error).message });
        return;
      }
      sdk.configure.call(wrapped, call, callback);
    };
    return addService.call(this, service, wrapped);
  };
}
