/** The extension's commands (package.json `contributes.commands`), registered by extension.ts and carried out by main.ts. */
export const COMMANDS = ['qipp.openPreview', 'qipp.openPreviewToSide', 'qipp.exportPreview', 'qipp.newPlan', 'qipp.validateWorkspace', 'qipp.restartServer', 'qipp.showOutput', 'qipp.compareWithPrevious', 'qipp.openOverview', 'qipp.exportOverview'] as const;
export type CommandId = (typeof COMMANDS)[number];
