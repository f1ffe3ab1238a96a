import { SpaceClaims } from "../../provider/core/conflicts";

// The one rule about two resources on one space, for the program classes and the plugin alike.

describe("SpaceClaims", () => {
  const team = { resource: 'ChatSpaceMembers "team"', authoritative: true };
  const carol = { resource: 'ChatMembership "carol"', authoritative: false };
  const extra = { resource: 'ChatSpaceMembers "extra"', authoritative: false };

  it("an authoritative resource and any other on the same space clash, in either order, naming both", () => {
    for (const [first, second] of [
      [team, carol],
      [carol, team],
      [extra, team],
    ] as const) {
      const claims = new SpaceClaims();
      expect(claims.claim("spaces/AAAA", first)).toBeUndefined();
      const e = claims.claim("AAAA", second);
      expect(e?.code).toBe("CONFLICTING_RESOURCES");
      expect(e?.message).toContain(team.resource);
      expect(e?.message).toContain((first === team ? second : first).resource);
      expect(e?.fix).toMatch(/additive/);
    }
  });

  it("additive resources and memberships share a space; other spaces never clash", () => {
    const claims = new SpaceClaims();
    expect(claims.claim("spaces/AAAA", carol)).toBeUndefined();
    expect(claims.claim("spaces/AAAA", extra)).toBeUndefined();
    expect(claims.claim("spaces/BBBB", team)).toBeUndefined();
  });

  it("a resource checked twice does not clash with itself; an invalid space is left to validation", () => {
    const claims = new SpaceClaims();
    expect(claims.claim("spaces/AAAA", team)).toBeUndefined();
    expect(claims.claim("spaces/AAAA", team)).toBeUndefined();
    expect(claims.claim("spaces/../x", carol)).toBeUndefined();
  });
});
