// Checks custom resources against the kubernetes-models packages of their operators, in two ways:
// 1. the package's JSON schema validation (required fields, types, enums, patterns), and
// 2. TypeScript's excess-property check against the package's type declarations, which rejects an unknown field
//    anywhere in the resource (the schemas alone accept unknown fields).
// Input: a JSON file holding [{id, apiVersion, kind, body}]. Output (stdout): [{id, message}] for each problem.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const PACKAGES = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

const here = path.dirname(fileURLToPath(import.meta.url));
const resources = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const problems = [];
const typed = [];

for (const resource of resources) {
  const group = resource.apiVersion.split("/")[0];
  const pkg = PACKAGES[group];
  if (!pkg) {
    problems.push({ id: resource.id, message: `no kubernetes-models package for ${resource.apiVersion}` });
    continue;
  }
  const module = `${pkg}/${resource.apiVersion}/${resource.kind}`;
  let model;
  try {
    model = (await import(module))[resource.kind];
  } catch (e) {
    problems.push({ id: resource.id, message: `${pkg} has no ${resource.apiVersion} ${resource.kind}` });
    continue;
  }
  try {
    new model(resource.body).validate();
  } catch (e) {
    problems.push({ id: resource.id, message: e.message });
  }
  typed.push({ resource, module });
}

if (typed.length > 0) {
  const file = path.join(here, `.check-${process.pid}.ts`);
  const lines = typed.map(({ module }, i) => `import type { I${typed[i].resource.kind} as T${i} } from "${module}";`);
  const firstResourceLine = lines.length;
  typed.forEach(({ resource }, i) => lines.push(`export const r${i}: T${i} = ${JSON.stringify(resource.body)};`));
  fs.writeFileSync(file, lines.join("\n") + "\n");
  try {
    const program = ts.createProgram([file], {
      noEmit: true, strict: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    });
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      if (!diagnostic.file || path.resolve(diagnostic.file.fileName) !== path.resolve(file)) {
        problems.push({ id: null, message });
        continue;
      }
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const index = line - firstResourceLine;
      problems.push({ id: index >= 0 && index < typed.length ? typed[index].resource.id : null, message });
    }
  } finally {
    fs.rmSync(file, { force: true });
  }
}

process.stdout.write(JSON.stringify(problems));
