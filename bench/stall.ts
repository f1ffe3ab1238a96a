// How long one ChatSpaceMembers apply takes to fail against a token endpoint that never answers,
// with the default timeouts (20 s per request, 90 s retry budget): the bound the README states.
//   node -r ts-node/register/transpile-only bench/stall.ts
import { defaultSeed, startEmulator } from "../emulator";
import { createChatApi } from "../provider/api";
import { reconcileSpace } from "../provider/reconcile/space";
import { validateSpaceMembersArgs } from "../provider/core";
(async () => {
  const emu = await startEmulator({ port: 0, seed: defaultSeed() });
  const credentials = await emu.control.mintAuthorizedUser({ user: "alice@example.com" });
  await emu.control.injectFault({ path: "^/token", count: 100000, delayMs: 3_600_000 });
  const api = createChatApi({
    credentials,
    emulatorHost: emu.hostPort,
    fetchImplementation: globalThis.fetch,
  });
  const v = validateSpaceMembersArgs({
    space: "spaces/AAAAdemo01",
    mode: "authoritative",
    members: [{ member: "alice@example.com", role: "owner" }],
  });
  if (!v.ok) throw new Error("bad args");
  const t0 = Date.now();
  try {
    await reconcileSpace(api, v.value, [], { info: () => {}, warn: () => {} });
    console.log("unexpected success");
  } catch (e) {
    console.log(`failed after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(e as Error).message}`);
  }
  process.exit(0);
})();
