// The gate's verdict on two specs: `redocly diff` for schemas, parameters and operations; the
// equivalence check that overrules Redocly's verdicts on rewrites of the same schema; and the
// behaviour diff for what the spec promises beyond schemas.
import { behaviourDiff } from "./behaviour.mjs";
import { equivalentSchemasAt, schemaPointer } from "./equivalence.mjs";
import { bundle, operationOf, redoclyDiff } from "./redocly.mjs";

/**
 * One verdict of the gate.
 * @typedef {{ source: "redocly" | "equivalence" | "behaviour", impact: "major" | "minor" | "patch", operation: string | undefined, rule: string, message: string }} Finding
 */

/** Redocly quotes whole values (a long pattern runs to kilobytes): the start says what changed. */
const shorten = (message) => (message.length > 300 ? `${message.slice(0, 300)}…` : message);

/**
 * Compares two specs.
 * @param {string} baseEntry the base's `openapi.yaml` (multi-file or bundled)
 * @param {string} revisionEntry the revision's `openapi.yaml`
 * @param {[object, object]} [bundled] the two already bundled (`bundle([baseEntry, revisionEntry])`),
 *   to bundle many pairs in one Redocly run
 * @returns {Promise<{ findings: Finding[], verdict: "breaking" | "minor" | "patch" | "none", base: object, revision: object }>}
 *   (`base` and `revision`: the two bundled documents)
 * @throws Error when Redocly cannot read either spec, or the spec kit cannot (an operation
 *   without exactly one success status).
 */
export async function judge(baseEntry, revisionEntry, bundled = undefined) {
  const [[base, revision], report] = await Promise.all([
    bundled ?? bundle([baseEntry, revisionEntry]),
    redoclyDiff(baseEntry, revisionEntry),
  ]);
  const findings = [];
  for (const change of report.changes ?? []) {
    const pointer = schemaPointer(change.path);
    const equivalent =
      pointer !== undefined && change.impact !== "patch" && equivalentSchemasAt(base, revision, pointer);
    // A change without verdicts (an addition, a removal) carries its impact itself.
    const verdicts =
      change.verdicts?.length > 0
        ? change.verdicts
        : [
            {
              impact: change.impact,
              ruleId: `${change.typeName}-${change.kind}`,
              message: `${change.typeName} ${change.kind} at ${change.path}`,
            },
          ];
    for (const verdict of verdicts) {
      const finding = {
        source: "redocly",
        impact: verdict.impact,
        operation: operationOf(change.path),
        rule: verdict.ruleId,
        message: shorten(verdict.message),
      };
      if (equivalent && verdict.impact !== "patch") {
        finding.source = "equivalence";
        finding.message = `${finding.message} Redocly rates it ${verdict.impact}; the schema accepts the same values before and after`;
        finding.impact = "patch";
      }
      findings.push(finding);
    }
  }
  findings.push(...behaviourDiff(base, revision));
  const has = (impact) => findings.some((f) => f.impact === impact);
  const verdict = has("major") ? "breaking" : has("minor") ? "minor" : has("patch") ? "patch" : "none";
  return { findings, verdict, base, revision };
}

/** `N breaking, N compatible, N patch-level` of some findings. */
export function counts(findings) {
  const count = (impact) => findings.filter((f) => f.impact === impact).length;
  return `${count("major")} breaking, ${count("minor")} compatible, ${count("patch")} patch-level`;
}
