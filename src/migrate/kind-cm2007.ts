/**
 * The ConfigMgr 2007 target: data units are appended to configuration.mof, reporting units to
 * SMS_def.mof; "already there" means an equivalent definition anywhere in the file. A
 * configuration.mof with the "Added extensions" markers belongs to a 2012 or later site: the
 * plan says so, and appends go before the end marker all the same.
 */
import type { DiagnosticSink } from "../diagnostics/diagnostic.js";
import { TARGET_FILES } from "./configmgr.js";
import { cm2007Placement, targetIndex } from "./decide.js";
import { firstMarker } from "./extensions-section.js";
import { keptEncoding } from "./target-encoding.js";
import { appendAt, unitEdits, type KindCheckInput, type TargetKindRules } from "./target-kind.js";

/** See the module comment. */
export const CM2007: TargetKindRules = {
  kind: "cm2007",
  targetNames: ["configuration", "smsDef"],
  placement(targets, identity) {
    return cm2007Placement({
      configuration: targetIndex("configuration", targets.configuration.units, identity),
      ...(targets.smsDef ? { smsDef: targetIndex("smsDef", targets.smsDef.units, identity) } : {}),
    });
  },
  check(input: KindCheckInput, sink: DiagnosticSink) {
    const document = input.targets.configuration.document;
    const marker = firstMarker(document);
    if (!marker) return;
    sink.report(
      document,
      "current-branch-site",
      marker,
      "configuration.mof has the 'Added extensions' markers of ConfigMgr 2012 and later: such a site has no SMS_def.mof, its reporting classes are imported in the console",
    );
  },
  edits: (target, units) => unitEdits(target, units, appendAt(target)),
  encoding: (target, addedText, sink) => keptEncoding(target.document, TARGET_FILES[target.name], addedText, sink),
  verify: () => [],
};
