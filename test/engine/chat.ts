// Engine tests against the emulator: one emulator per test file, seeded with the demo org,
// credentials minted at test time (never stored in the repo).
import { defaultSeed, startEmulator, type RunningEmulator, type Seed } from "../../emulator";
import type { ConfigMap } from "@pulumi/pulumi/automation";

export interface ChatTestEnv {
  readonly emulator: RunningEmulator;
  /** Env for the Pulumi CLI and so the dynamic-provider plugin. */
  readonly env: Record<string, string>;
  /** Stack config holding the minted credentials as a secret. */
  readonly config: ConfigMap;
  /** The raw secret material, to assert it never reaches the state. */
  readonly secrets: string[];
}

export async function startChat(
  opts: { seed?: Seed; user?: string; quotas?: Record<string, unknown> } = {},
): Promise<ChatTestEnv> {
  const emulator = await startEmulator({
    seed: opts.seed ?? defaultSeed(),
    quotas: opts.quotas,
  });
  const creds = await emulator.control.mintAuthorizedUser({
    user: opts.user ?? "alice@example.com",
  });
  const json = JSON.stringify(creds);
  return {
    emulator,
    env: { CHAT_EMULATOR_HOST: emulator.hostPort },
    config: { "googlechat:credentials": { value: json, secret: true } },
    secrets: [creds.refresh_token, creds.client_secret],
  };
}
