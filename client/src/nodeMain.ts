/**
 * Entry of dist/client-main.js, the part of the Node extension that
 * extension.ts loads on the first plan or command: main.ts's wiring around
 * the language server in a Node process (PlanServer).
 */
import type * as vscode from 'vscode';
import { PlanServer } from './languageClient';
import { start as startWith, type QippExtension, type Relays } from './main';

export function start(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, relays: Relays): QippExtension {
  return startWith(context, output, relays, new PlanServer(context, output));
}
