/** The report formats of `qipp validate --format`. */
import type { FormatName } from '../args';
import { github } from './github';
import { json } from './json';
import { junit } from './junit';
import { sarifFormatter } from './sarif';
import type { SarifOptions } from './sarif';
import { stylish } from './stylish';
import type { Formatter } from './types';

export type { Diagnostic, FileReport, FormatContext, Formatter } from './types';

export function formatterFor(name: FormatName, options: SarifOptions = {}): Formatter {
  switch (name) {
    case 'stylish':
      return stylish;
    case 'json':
      return json;
    case 'sarif':
      return sarifFormatter(options);
    case 'junit':
      return junit;
    case 'github':
      return github;
  }
}
