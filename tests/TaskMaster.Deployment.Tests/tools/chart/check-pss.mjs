// Checks every pod spec of a rendered chart (a multi-document YAML file: Deployments, StatefulSets,
// Jobs, ...) against the "restricted" Pod Security Standard with @monokle/validation's
// pod-security-standards plugin, its baseline rules (PSS101-111) and its restricted ones
// (PSS201-206, off by default) all turned on. Only that plugin is loaded: the schema and OPA
// plugins download what they need. Prints one line per violation and exits 1, or prints how many
// pod specs it checked.
// Usage: node check-pss.mjs RENDERED.yaml
import { readFileSync } from "node:fs";
import { DefaultPluginLoader, DisabledFixer, MonokleValidator, ResourceParser } from "@monokle/validation";
import { parseAllDocuments } from "yaml";

const file = process.argv[2];
if (!file) {
  console.error("usage: node check-pss.mjs RENDERED.yaml");
  process.exit(2);
}
const text = readFileSync(file, "utf8");
const resources = parseAllDocuments(text)
  .map((document, index) => ({ document, index }))
  .filter(({ document }) => document.contents)
  .map(({ document, index }) => {
    const content = document.toJS();
    return {
      id: `${content.kind}-${content.metadata?.name}-${index}`,
      fileId: file,
      filePath: file,
      fileOffset: document.range[0],
      name: content.metadata?.name ?? "",
      apiVersion: content.apiVersion,
      kind: content.kind,
      namespace: content.metadata?.namespace,
      content,
      text: document.toString(),
    };
  });

const rules = {};
for (let id = 101; id <= 111; id++) rules[`PSS${id}`] = "err";
for (let id = 201; id <= 206; id++) rules[`PSS${id}`] = "err";
const validator = new MonokleValidator({ loader: new DefaultPluginLoader(), parser: new ResourceParser(), fixer: new DisabledFixer() });
await validator.preload({ plugins: { "pod-security-standards": true }, rules });

const response = await validator.validate({ resources });
const violations = response.runs.flatMap((run) => run.results)
  .filter((result) => result.level === "error")
  .map((result) => {
    // Its logical locations name the resource ("<name>.<kind>@<file>") and the field ("spec.template.spec...").
    const names = (result.locations ?? []).flatMap((l) => l.logicalLocations ?? []).map((l) => l.fullyQualifiedName).filter((n) => n);
    return `${result.ruleId} ${names.join(" ")}: ${result.message.text}`;
  });
for (const violation of violations) console.log(violation);
if (violations.length > 0) process.exit(1);
const pods = resources.filter((r) => ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"].includes(r.kind)).length;
console.log(`checked ${pods} pod specs against the restricted Pod Security Standard (PSS101-111, PSS201-206)`);
