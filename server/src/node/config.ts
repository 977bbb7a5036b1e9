/**
 * Finds the configuration for each plan: `--config FILE`, or the nearest
 * `.qipprc.yaml` walking up from the plan's folder, and resolves it into an
 * EngineConfig. Reading a configuration file (YAML, extra schema folders, a
 * national timeline) is config-file.ts, handed in as `read`: the CLI loads
 * that half only when a plan has a configuration file, so a cached run over
 * plans without one never loads a YAML parser. A configuration that cannot be
 * used is a ConfigError: qipp stops with exit 2 rather than check plans with
 * the wrong rules.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';
import { CONFIG_FILE_NAME, resolveConfig } from '../core/light';
import type { ConfigLayer } from '../core/light';
import type { EngineConfig } from '../core/light';
import { describeFsError } from './discover';

export class ConfigError extends Error {
  /** Marks the error across the CLI's two bundles (each has its own copy of this class; see lazy.ts). */
  readonly qippConfigError = true;

  static is(e: unknown): e is ConfigError {
    return e instanceof Error && (e as Partial<ConfigError>).qippConfigError === true;
  }
}

export interface LoadedConfig {
  /** The configuration file, when there is one. */
  source?: string;
  engineConfig: EngineConfig;
  /** A hash of everything in engineConfig, for the cache. */
  key: string;
}

export interface ConfigLoaderOptions {
  cwd: string;
  /** `--config FILE`: used for every plan instead of the nearest .qipprc.yaml. */
  explicit?: string;
  /** Notes that do not stop the run (for example a schema file named for no kind). */
  warn: (message: string) => void;
  /** Reads one configuration file: config-file.ts's readConfigFile. */
  read: (file: string, cwd: string, warn: (message: string) => void) => LoadedConfig;
  /** Told of each configuration file looked for, and whether it was there (for `--cache`'s run record). */
  lookedAt?: (file: string, there: boolean) => void;
}

/**
 * Returns a function giving the configuration of a plan (by absolute path).
 * Each configuration file is read once per run.
 */
export function createConfigLoader(options: ConfigLoaderOptions): (planPath: string) => LoadedConfig {
  const { cwd, warn } = options;
  const byFile = new Map<string | undefined, LoadedConfig>();
  const nearestByDir = new Map<string, string | undefined>();

  const load = (file: string | undefined): LoadedConfig => {
    let loaded = byFile.get(file);
    if (!loaded) {
      loaded = file === undefined ? finish(undefined, undefined) : options.read(file, cwd, warn);
      byFile.set(file, loaded);
    }
    return loaded;
  };

  if (options.explicit !== undefined) {
    const file = resolve(cwd, options.explicit);
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch (e) {
      throw new ConfigError(`The configuration file "${options.explicit}" could not be read: ${describeFsError(e)}.`);
    }
    if (!isFile) throw new ConfigError(`The configuration "${options.explicit}" is not a file.`);
    const loaded = load(file);
    options.lookedAt?.(file, true);
    return () => loaded;
  }

  const nearest = (dir: string): string | undefined => {
    if (nearestByDir.has(dir)) return nearestByDir.get(dir);
    const candidate = join(dir, CONFIG_FILE_NAME);
    const parent = dirname(dir);
    const there = existsSync(candidate);
    options.lookedAt?.(candidate, there);
    const found = there ? candidate : parent === dir || dir === parsePath(dir).root ? undefined : nearest(parent);
    nearestByDir.set(dir, found);
    return found;
  };
  return (planPath) => load(nearest(dirname(planPath)));
}

/** A configuration resolved over the defaults, with its key for the cache. */
export function finish(source: string | undefined, layer: ConfigLayer | undefined): LoadedConfig {
  const engineConfig = resolveConfig(layer);
  const key = createHash('sha256').update(JSON.stringify(engineConfig)).digest('hex');
  return { source, engineConfig, key };
}
