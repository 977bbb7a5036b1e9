/**
 * config: a `.qipprc.yaml` text or the `qipp.*` settings -> layers of rule
 * severities, extra schemas and a national timeline, resolved into one
 * EngineConfig. Pure: the Node layer reads the files and hands over their text.
 */
export * from './config';
export * from './settings';
