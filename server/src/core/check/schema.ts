/**
 * JSON Schema validation of a plan. Validators are compiled once per kind when
 * the engine is created; schemaerrors.ts maps their errors to findings.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import reformSchema from '../../../../schemas/qipp-reform-plan.schema.json';
import qippSchema from '../../../../schemas/qipp-plan.schema.json';
import providerSchema from '../../../../schemas/provider-plan.schema.json';
import improvementSchema from '../../../../schemas/improvement-plan.schema.json';
import { isDate, isFinancialYear, isPeriod } from '../model';
import type { PlanKind, Span } from '../types';
import { type RuleId } from '../catalogue';

export const BUILTIN_SCHEMAS: Record<PlanKind, object> = {
  'qipp-reform-plan': reformSchema,
  'qipp-plan': qippSchema,
  'provider-plan': providerSchema,
  'improvement-plan': improvementSchema,
};

/** The annotation in our schemas naming the rule a missing or empty property is reported under. */
export const RULE_KEYWORD = 'x-qipp-rule';

export interface RawFinding {
  rule: RuleId;
  span: Span;
  message: string;
  data?: Record<string, unknown>;
}

/** The validators of a kind: the built-in schema first, then any extra ones. */
export type Validators = (kind: PlanKind) => readonly ValidateFunction[];

/** An ajv set up for plans: every error, the error's value and schema, our formats and annotations. */
export function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateFormats: true });
  ajv.addVocabulary([RULE_KEYWORD, 'markdownDescription', 'defaultSnippets']);
  ajv.addFormat('date', { type: 'string', validate: isDate });
  ajv.addFormat('financial-year', { type: 'string', validate: isFinancialYear });
  ajv.addFormat('fy-period', { type: 'string', validate: isPeriod });
  return ajv;
}

/**
 * Validators for the built-in schemas, compiled the first time a kind is met
 * (compiling all four costs more than checking a plan), and any extra ones,
 * compiled at once so that their problems are known up front.
 */
export function compileValidators(extra: readonly { kind: PlanKind; schema: object; source?: string }[] = []): { validators: Validators; problems: string[] } {
  const problems: string[] = [];
  const extras = new Map<PlanKind, ValidateFunction[]>();
  for (const e of extra) {
    try {
      const list = extras.get(e.kind) ?? [];
      list.push(newAjv().compile(e.schema));
      extras.set(e.kind, list);
    } catch (err) {
      problems.push(`The extra schema ${e.source ? `"${e.source}" ` : ''}for ${e.kind} could not be used: ${(err as Error).message}.`.replace(/\.\.$/, '.'));
    }
  }
  const compiled = new Map<PlanKind, readonly ValidateFunction[]>();
  const validators: Validators = (kind) => {
    let list = compiled.get(kind);
    if (!list) {
      list = [builtinValidator(kind), ...(extras.get(kind) ?? [])];
      compiled.set(kind, list);
    }
    return list;
  };
  return { validators, problems };
}

/**
 * The built-in schemas never change, so their compiled validators are shared
 * by every engine in the process (a validator keeps no state between calls
 * that matters here: its `errors` are read right after each call).
 */
const builtins = new Map<PlanKind, ValidateFunction>();
let builtinAjv: Ajv | undefined;
function builtinValidator(kind: PlanKind): ValidateFunction {
  let v = builtins.get(kind);
  if (!v) {
    builtinAjv ??= newAjv();
    v = builtinAjv.compile(BUILTIN_SCHEMAS[kind]);
    builtins.set(kind, v);
  }
  return v;
}
