import { createAtlasAdminClient } from "@atlas-admin/client";
import { createAtlasMock, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY } from "@atlas-admin/mock";
import { expect, it } from "vitest";

it("creates an API key against Atlas's behaviour, in-process", async () => {
  const mock = await createAtlasMock({ seed: 1 });
  const atlas = createAtlasAdminClient({
    baseUrl: "http://atlas.test",
    publicKey: DEFAULT_PUBLIC_KEY,
    privateKey: DEFAULT_PRIVATE_KEY,
    fetch: mock.fetch,
  });
  const { data, error } = await atlas.POST("/orgs/{orgId}/apiKeys", {
    params: { path: { orgId: "5980cfc70b6d12029d82e3f6" } },
    body: { desc: "rotation test", roles: ["ORG_MEMBER"] },
  });
  expect(error).toBeUndefined();
  expect(data?.desc).toBe("rotation test");
});
