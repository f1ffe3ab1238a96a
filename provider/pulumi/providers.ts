import type * as pulumi from "@pulumi/pulumi";

// The objects Pulumi serializes into every resource's state (`__provider`, in the inputs and
// again in the outputs). The text is kept as small as the engine allows: one function, which
// captures only the kind's name. The dynamic-provider plugin calls `configure` first, once per
// process and provider text, on the object it deserialized; `configure` puts the kind's methods
// on that object (runtime.ts `attach`) and configures the session. So the text captures no
// client, credential or token, and stays the same across package versions: a new version of the
// package fixes old stacks and the state does not churn. The plugin resolves the package name
// from the program's node_modules.

type Kind = "membership" | "spaceMembers" | "space";

function serializableProvider(kind: Kind): pulumi.dynamic.ResourceProvider {
  const provider = {
    configure: function (this: object, req: pulumi.dynamic.ConfigureRequest) {
      return require("pulumi-googlechat-members/runtime").attach(this, kind, req);
    },
  };
  // The other methods exist once `configure` has run, which the plugin does before any call.
  return provider as unknown as pulumi.dynamic.ResourceProvider;
}

export const membershipProvider = serializableProvider("membership");
export const spaceMembersProvider = serializableProvider("spaceMembers");
export const spaceProvider = serializableProvider("space");
