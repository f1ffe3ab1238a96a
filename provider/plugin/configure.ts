import { log, type ConfigSource } from "../pulumi/session";
import { changedConfigKeys, configChangeNote, plain } from "./config-diff";
import { sdkRequire } from "./sdk";

// The `googlechat` plugin's configuration. `@pulumi/pulumi/provider`'s server answers the
// engine's Configure call without handing the configuration to the provider object, so the one
// gRPC service it registers is wrapped here: Configure first gives the configuration to `apply`
// (the same session.configure the dynamic provider uses), then answers as the SDK does. A bad
// value fails Configure with the key, the value and the fix. DiffConfig (config-diff.ts), which
// the SDK leaves unimplemented, is answered here too.

type Callback = (err: unknown, value?: unknown) => void;
type Call = { request: ConfigureRequest };
interface ConfigureRequest {
  getVariablesMap(): { get(key: string): string | undefined };
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface ServiceImpl {
  configure(call: Call, callback: Callback): void;
  diffConfig(call: DiffCall, callback: Callback): void;
}
type Struct = { toJavaScript(): Record<string, unknown> } | undefined;
type DiffCall = { request: { getOlds(): Struct; getNews(): Struct } };

/** The DiffResponse protobuf the SDK's server builds its answers from. */
interface DiffResponse {
  setChanges(v: number): void;
  setDiffsList(v: string[]): void;
  setHasdetaileddiff(v: boolean): void;
  getDetaileddiffMap(): { set(k: string, v: unknown): void };
}
interface ProviderProto {
  DiffResponse: (new () => DiffResponse) & {
    DiffChanges: { DIFF_NONE: number; DIFF_SOME: number };
  };
  PropertyDiff: (new () => { setKind(k: number): void; setInputdiff(v: boolean): void }) & {
    Kind: { ADD: number; DELETE: number; UPDATE: number };
  };
}

/** The answer to DiffConfig: each changed key an in-place update (add, delete), never a replace. */
function configDiff(proto: ProviderProto, call: DiffCall): DiffResponse {
  const olds = call.request.getOlds()?.toJavaScript() ?? {};
  const news = call.request.getNews()?.toJavaScript() ?? {};
  const keys = changedConfigKeys(olds, news);
  if (keys.length) log.info(configChangeNote(keys));
  const resp = new proto.DiffResponse();
  const { DIFF_NONE, DIFF_SOME } = proto.DiffResponse.DiffChanges;
  resp.setChanges(keys.length ? DIFF_SOME : DIFF_NONE);
  resp.setDiffsList(keys);
  resp.setHasdetaileddiff(true);
  const detailed = resp.getDetaileddiffMap();
  for (const key of keys) {
    const d = new proto.PropertyDiff();
    const { ADD, DELETE, UPDATE } = proto.PropertyDiff.Kind;
    d.setKind(!(key in olds) ? ADD : !(key in news) ? DELETE : UPDATE);
    d.setInputdiff(true);
    detailed.set(key, d);
  }
  return resp;
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

/**
 * Wraps the provider service the SDK registers, so Configure reaches `apply` first and
 * DiffConfig is answered.
 */
export function interceptConfigure(apply: (source: ConfigSource) => void): void {
  // The same @grpc/grpc-js instance the SDK's server uses.
  const grpc = sdkRequire<{
    Server: { prototype: { addService(service: unknown, impl: unknown): void } };
    status: { INVALID_ARGUMENT: number };
  }>("@grpc/grpc-js");
  const proto = sdkRequire<ProviderProto>("@pulumi/pulumi/proto/provider_pb");
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
    wrapped.diffConfig = (call: DiffCall, callback: Callback) => {
      try {
        callback(null, configDiff(proto, call));
      } catch (e) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: (e as Error).message });
      }
    };
    return addService.call(this, service, wrapped);
  };
}
