// Modules of the installed @pulumi/pulumi's own dependency tree (its gRPC library and protos),
// so the plugin shares one @grpc/grpc-js instance with the SDK's server.
export function sdkRequire<T>(name: string): T {
  const path = require.resolve(name, { paths: [require.resolve("@pulumi/pulumi")] });
  return require(path) as T;
}
