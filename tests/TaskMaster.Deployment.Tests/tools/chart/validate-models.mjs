// Validates every manifest of a rendered chart (a multi-document YAML file) against the Kubernetes
// API types of kubernetes-models (and its KEDA and prometheus-operator models): types, required
// fields, formats. Prints one line per problem and exits 1, or prints how many it checked.
// Usage: node validate-models.mjs RENDERED.yaml
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion → the package folder its models live in ("apps/v1" → kubernetes-models/apps/v1/Kind).
const packages = [
  [/^monitoring\.coreos\.com\//, "@kubernetes-models/prometheus-operator"],
  [/^keda\.sh\//, "@kubernetes-models/keda"],
  [/.*/, "kubernetes-models"],
];

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-models.mjs RENDERED.yaml");
  process.exit(2);
}
const documents = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS()).filter((d) => d);
const problems = [];
for (const manifest of documents) {
  const where = `${manifest.kind ?? "?"} ${manifest.metadata?.name ?? "?"}`;
  if (typeof manifest.apiVersion !== "string" || typeof manifest.kind !== "string") {
    problems.push(`${where}: no apiVersion or kind`);
    continue;
  }
  const [, pkg] = packages.find(([pattern]) => pattern.test(manifest.apiVersion));
  let Model;
  try {
    Model = (await import(`${pkg}/${manifest.apiVersion}/${manifest.kind}`))[manifest.kind];
  } catch {
    problems.push(`${where}: ${manifest.apiVersion} ${manifest.kind} is not a kind ${pkg} knows`);
    continue;
  }
  try {
    new Model(manifest).validate();
  } catch (error) {
    const details = (error.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
    problems.push(`${where}: ${details || error.message}`);
  }
}
for (const problem of problems) console.log(problem);
if (problems.length > 0) process.exit(1);
console.log(`validated ${documents.length} manifests`);
