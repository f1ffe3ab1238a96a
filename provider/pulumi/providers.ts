import type * as pulumi from "@pulumi/pulumi";

// The objects Pulumi serializes into every resource's state (`__provider`). Each method only
// `require`s this package's runtime by name at call time, so the serialized text is small,
// captures no client, credential or token, and stays the same across package versions: a new
// version of the package fixes old stacks and the state does not churn. The dynamic-provider
// plugin resolves the name from the program's node_modules.

type Kind = "membership" | "spaceMembers";

function serializableProvider(kind: Kind): pulumi.dynamic.ResourceProvider {
  const runtime = () => require("pulumi-googlechat-members/runtime");
  return {
    configure: (req) => runtime().configure(req),
    check: (olds, news) => runtime()[kind].check(olds, news),
    diff: (id, olds, news) => runtime()[kind].diff(id, olds, news),
    create: (inputs) => runtime()[kind].create(inputs),
    read: (id, props) => runtime()[kind].read(id, props),
    update: (id, olds, news) => runtime()[kind].update(id, olds, news),
    delete: (id, props) => runtime()[kind].delete(id, props),
  };
}

export const membershipProvider = serializableProvider("membership");
export const spaceMembersProvider = serializableProvider("spaceMembers");
