// One short process making one call with the mock's service account: what a CI step does.
// argv: base URL, cache path ("" for none). Prints one JSON line; exits 0 on success.
import { createAtlasAdminClient, fileTokenCache } from "../../dist/index.js";

const [baseUrl, cachePath] = process.argv.slice(2);
const atlas = createAtlasAdminClient({
  baseUrl,
  clientId: "mdb_sa_id_000000000000000000000000",
  clientSecret: "mdb_sa_sk_00000000000000000000000000000000",
  tokenCache: cachePath ? fileTokenCache(cachePath) : undefined,
  retry: false,
});
try {
  const { error, response } = await atlas.GET("/orgs/{orgId}/apiKeys", {
    params: { path: { orgId: "5980cfc70b6d12029d82e3f6" } },
  });
  console.log(JSON.stringify({ status: response.status, errorCode: error?.errorCode }));
  process.exitCode = error ? 1 : 0;
} catch (error) {
  console.log(JSON.stringify({ thrown: error.name, status: error.status, message: error.message }));
  process.exitCode = 1;
}
