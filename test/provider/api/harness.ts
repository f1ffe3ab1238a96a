// One emulator per test file, on a free port, and ChatApi clients pointed at it.
import { defaultSeed, startEmulator } from "../../../emulator/index";
import { createChatApi, type ChatApiOptions } from "../../../provider/api/index";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type Seed = ReturnType<typeof defaultSeed>;

export const SPACE = "spaces/AAAAdemo01";
export const BIG_SPACE = "spaces/AAAAbig0001";
export const BIG_SPACE_SIZE = 1_234;

/** The default seed plus a named space with BIG_SPACE_SIZE members (pagination). */
export function seedWithBigSpace(): Seed {
  const seed = defaultSeed();
  const users = Array.from({ length: BIG_SPACE_SIZE }, (_, i) => ({
    email: `user${i}@example.com`,
  }));
  return {
    ...seed,
    users: [...(seed.users ?? []), ...users],
    spaces: [
      ...(seed.spaces ?? []),
      {
        name: BIG_SPACE,
        spaceType: "SPACE" as const,
        displayName: "Big",
        createdBy: "alice@example.com",
        members: [
          { member: "alice@example.com", role: "ROLE_MANAGER" as const },
          ...users.slice(1).map((u) => ({ member: u.email })),
          { member: users[0]!.email, state: "INVITED" as const },
          { member: "groups/eng" },
        ],
      },
    ],
  };
}

/**
 * gaxios's default fetch is node-fetch, loaded by a dynamic ESM import that jest's VM refuses;
 * Node's global fetch is the same HTTP underneath the Google clients.
 */
export const TEST_FETCH = { fetchImplementation: globalThis.fetch };

/** No real waiting in retries unless a test asks for it. */
export const FAST_RETRY: ChatApiOptions["retry"] = { initialDelayMs: 5, maxDelayMs: 20 };

export async function userApi(
  emu: Emulator,
  user = "alice@example.com",
  extra: Partial<ChatApiOptions> = {},
) {
  const credentials = await emu.control.mintAuthorizedUser({ user });
  return createChatApi({
    credentials,
    emulatorHost: emu.hostPort,
    retry: FAST_RETRY,
    ...TEST_FETCH,
    ...extra,
  });
}
