import type * as pulumi from "@pulumi/pulumi";

// The objects Pulumi serializes into every resource's state (`__provider`). Each method
// only `require`s this package's runtime by name at call time, so the serialized text is
// a few hundred bytes, captures no client, credential or token, and stays the same across
// package versions: a new version of the package fixes old stacks and the state does not
// churn. The dynamic-provider plugin resolves the name from the program's node_modules.

export const membershipProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-googlechat-members/runtime").configure(req),
  check: (olds, news) => require("pulumi-googlechat-members/runtime").membership.check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-googlechat-members/runtime").membership.diff(id, olds, news),
  create: (inputs) => require("pulumi-googlechat-members/runtime").membership.create(inputs),
  read: (id, props) => require("pulumi-googlechat-members/runtime").membership.read(id, props),
  update: (id, olds, news) =>
    require("pulumi-googlechat-members/runtime").membership.update(id, olds, news),
  delete: (id, props) => require("pulumi-googlechat-members/runtime").membership.delete(id, props),
};

export const spaceMembersProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-googlechat-members/runtime").configure(req),
  check: (olds, news) =>
    require("pulumi-googlechat-members/runtime").spaceMembers.check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-googlechat-members/runtime").spaceMembers.diff(id, olds, news),
  create: (inputs) => require("pulumi-googlechat-members/runtime").spaceMembers.create(inputs),
  read: (id, props) => require("pulumi-googlechat-members/runtime").spaceMembers.read(id, props),
  update: (id, olds, news) =>
    require("pulumi-googlechat-members/runtime").spaceMembers.update(id, olds, news),
  delete: (id, props) =>
    require("pulumi-googlechat-members/runtime").spaceMembers.delete(id, props),
};
