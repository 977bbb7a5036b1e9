/** Limits both language servers keep (no Node or LSP import, so the web worker can take it too). */
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** As `qipp validate` refuses files over 10 MB, the servers do not analyse open documents larger than that. */
export const MAX_DOCUMENT_CHARS = 10 * 1024 * 1024;

export function tooLarge(doc: TextDocument): boolean {
  return doc.getText().length > MAX_DOCUMENT_CHARS;
}
