import { parseSpace } from "../core/space";
import { Collector, type Validated } from "../core/validate/collector";
import { given, isRecord } from "../core/validate/checks";

// PROVISIONAL seam to the ChatSpace core model (branch `chatspace`): the member file's `space:`
// block takes the same keys as ChatSpace's inputs. Replaced by the core model's validation on
// merge; nothing else in memberfile/ validates space settings.

export const SPACE_SETTING_KEYS = ["displayName", "description", "guidelines"] as const;

export interface SpaceSettings {
  readonly displayName: string;
  readonly description?: string;
  readonly guidelines?: string;
}

const LIMITS = { displayName: 128, description: 4096, guidelines: 5000 } as const;

export function validateSpaceSettings(input: unknown): Validated<SpaceSettings> {
  const c = new Collector();
  const obj = isRecord(input) ? input : {};
  const out: Record<string, string> = {};
  for (const k of SPACE_SETTING_KEYS) {
    const v = obj[k];
    if (!given(v)) {
      if (k === "displayName")
        c.fail(
          [k],
          "MISSING_PROPERTY",
          v,
          "is required",
          "give the space's name as the Chat UI shows it",
        );
      continue;
    }
    if (typeof v !== "string" || (k === "displayName" && !v.trim()))
      c.fail([k], "INVALID_VALUE", v, "must be text", `write ${k}: <text>`);
    else if (v.length > LIMITS[k])
      c.fail(
        [k],
        "INVALID_VALUE",
        `${v.length} characters`,
        `is longer than ${LIMITS[k]} characters`,
        `shorten ${k}`,
      );
    else out[k] = v;
  }
  if (c.failures.length > 0) return { ok: false, failures: c.failures };
  return { ok: true, value: out as unknown as SpaceSettings };
}

export { parseSpace };
