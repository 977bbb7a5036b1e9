/**
 * The only place where core results become LSP values (and LSP positions
 * become core offsets). Everything else in lsp/ speaks in these terms.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  SymbolKind as LspSymbolKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange as LspFoldingRange,
  type Hover,
  type Position,
  type Range,
  type SelectionRange,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { type Analysis, type CompletionEntry, type Finding, type Fix, type FoldingRange, type HoverResult, type PlanSymbol, type Span, type TextEdit } from '../core';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { ClientFeatures } from './context';

/** Where each rule is explained: docs/rules.md, generated from the catalogue. */
export const RULES_DOC = 'https://github.com/qipp-plans/qipp-plans/blob/main/docs/rules.md';

export function ruleHref(rule: string): string {
  return `${RULES_DOC}#${rule}`;
}


export function offsetAt(a: Analysis, p: Position): number {
  return a.lines.offsetAt(p);
}

export function toRange(a: Analysis, span: Span): Range {
  return a.lines.range(span);
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toDiagnostic(f: Pick<Finding, 'rule' | 'severity' | 'message' | 'range'>): Diagnostic {
  const d: Diagnostic = { range: f.range, severity: SEVERITY[f.severity], code: f.rule, source: DIAGNOSTIC_SOURCE, message: f.message };
  d.codeDescription = { href: ruleHref(f.rule) };
  return d;
}

/** The severity word of an LSP severity, as the CLI writes it. */
export function severityName(s: DiagnosticSeverity | undefined): 'error' | 'warning' | 'info' {
  return s === DiagnosticSeverity.Warning ? 'warning' : s === DiagnosticSeverity.Error || s === undefined ? 'error' : 'info';
}

/** The finding of this analysis a client's diagnostic stands for (same rule and range). */
export function findingOf(a: Analysis, d: Diagnostic): Analysis['findings'][number] | undefined {
  // The message too: two findings can share a rule and a range (two sections missing, both at `kind`).
  return a.findings.find(
    (f) =>
      f.rule === d.code &&
      f.message === d.message &&
      f.range.start.line === d.range.start.line &&
      f.range.start.character === d.range.start.character &&
      f.range.end.line === d.range.end.line &&
      f.range.end.character === d.range.end.character,
  );
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  national: CompletionItemKind.Event,
  year: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
  plan: CompletionItemKind.File,
};

export function toCompletionItem(a: Analysis, e: CompletionEntry, client: ClientFeatures): CompletionItem {
  const snippet = e.snippet && client.snippets;
  const item: CompletionItem = {
    label: e.label,
    kind: COMPLETION_KIND[e.kind],
    textEdit: { range: toRange(a, e.span), newText: e.snippet && !snippet ? plainOfSnippet(e.insert) : e.insert },
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // Lines after the first already carry their indentation.
    insertTextMode: InsertTextMode.asIs,
  };
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = client.markdown ? { kind: MarkupKind.Markdown, value: e.documentation } : e.documentation;
  if (e.sortText) item.sortText = e.sortText;
  if (e.filterText) item.filterText = e.filterText;
  return item;
}

/** A snippet as plain text, for clients without snippets: placeholders become their text, choices their first value. */
export function plainOfSnippet(s: string): string {
  let out = '';
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const rest = c === '$' ? s.slice(i) : '';
    let m: RegExpExecArray | null;
    if (c === '\\' && i + 1 < s.length) out += s[++i];
    else if ((m = /^\$\d+/.exec(rest))) i += m[0].length - 1;
    else if ((m = /^\$\{\d+\|((?:[^,|\\]|\\.)*)(?:[^|\\]|\\.)*\|\}/.exec(rest))) {
      out += m[1].replace(/\\(.)/g, '$1');
      i += m[0].length - 1;
    } else if ((m = /^\$\{\d+:/.exec(rest))) {
      open++;
      i += m[0].length - 1;
    } else if (c === '}' && open > 0) open--;
    else out += c;
  }
  return out;
}

export function toHover(a: Analysis, h: HoverResult, client: ClientFeatures): Hover {
  return { contents: client.markdown ? { kind: MarkupKind.Markdown, value: h.markdown } : h.markdown, range: toRange(a, h.span) };
}

const SYMBOL_KIND: Record<PlanSymbol['kind'], LspSymbolKind> = {
  section: LspSymbolKind.Namespace,
  key: LspSymbolKind.Field,
  initiative: LspSymbolKind.Class,
  milestone: LspSymbolKind.Event,
  organisation: LspSymbolKind.Struct,
  risk: LspSymbolKind.Constant,
};

export function toDocumentSymbol(a: Analysis, s: PlanSymbol): DocumentSymbol {
  const range = toRange(a, trimEnd(a.text, s.span));
  const selection = toRange(a, s.selection);
  return {
    name: s.name || '(empty)',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range,
    selectionRange: selection,
    children: s.children.map((c) => toDocumentSymbol(a, c)),
  };
}

/** A span without trailing spaces and line breaks (block values end after their last line break). */
function trimEnd(text: string, span: Span): Span {
  let end = span[1];
  while (end > span[0] && /\s/.test(text[end - 1])) end--;
  return [span[0], end];
}

export function toFoldingRange(f: FoldingRange): LspFoldingRange {
  return f.kind ? { startLine: f.startLine, endLine: f.endLine, kind: f.kind } : { startLine: f.startLine, endLine: f.endLine };
}

export function toSelectionRange(a: Analysis, spans: readonly Span[]): SelectionRange {
  let parent: SelectionRange | undefined;
  for (let i = spans.length - 1; i >= 0; i--) parent = { range: toRange(a, spans[i]), parent };
  return parent ?? { range: toRange(a, [0, 0]) };
}

export function toTextEdits(a: Analysis, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: toRange(a, e.span), newText: e.newText }));
}

/** A workspace edit for one document, tied to its version when the client can check it. */
export function toWorkspaceEdit(a: Analysis, uri: string, version: number, edits: readonly TextEdit[], client: ClientFeatures): WorkspaceEdit {
  const lsp = toTextEdits(a, edits);
  return client.versionedEdits ? { documentChanges: [{ textDocument: { uri, version }, edits: lsp }] } : { changes: { [uri]: lsp } };
}

export function toCodeAction(a: Analysis, uri: string, version: number, fix: Fix, diagnostic: Diagnostic, client: ClientFeatures): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred,
    edit: toWorkspaceEdit(a, uri, version, fix.edits, client),
  };
}
