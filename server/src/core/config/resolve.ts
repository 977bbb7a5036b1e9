/**
 * Merging configuration layers into the engine's configuration. Kept apart
 * from the reading of `.qipprc.yaml` (config.ts) so that a face can resolve the
 * default configuration without loading a YAML parser: a `qipp validate
 * --cache` run whose every file is unchanged never loads the engine. PURE.
 */
import { defaultRules } from '../catalogue';
import type { EngineConfig, RuleId, RuleSettings } from '../catalogue';
import type { NationalMilestone, PlanKind, SeveritySetting } from '../types';

/** The file name the faces look for, walking up from a plan's folder. */
export const CONFIG_FILE_NAME = '.qipprc.yaml';

/** What a face has read for one configuration source, ready to merge. */
export interface ConfigLayer {
  rules?: RuleSettings;
  nationalTimeline?: readonly NationalMilestone[];
  extraSchemas?: readonly { kind: PlanKind; schema: object; source: string }[];
}

/**
 * Merges layers over the catalogue's defaults into the engine's configuration.
 * Later layers win rule by rule (the editor passes the file first and its
 * settings second); the last layer that gives a national timeline wins; extra
 * schemas accumulate. The result names every catalogue rule.
 */
export function resolveConfig(...layers: readonly (ConfigLayer | undefined)[]): EngineConfig {
  const rules: Record<RuleId, SeveritySetting> = defaultRules();
  let nationalTimeline: readonly NationalMilestone[] | undefined;
  const extraSchemas: { kind: PlanKind; schema: object; source: string }[] = [];
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.rules) Object.assign(rules, layer.rules);
    if (layer.nationalTimeline) nationalTimeline = layer.nationalTimeline;
    if (layer.extraSchemas) extraSchemas.push(...layer.extraSchemas);
  }
  const config: EngineConfig = { rules };
  if (nationalTimeline) config.nationalTimeline = nationalTimeline;
  if (extraSchemas.length > 0) config.extraSchemas = extraSchemas;
  return config;
}
