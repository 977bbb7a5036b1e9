// Waiting on VS Code's own events, never on fixed sleeps: each helper checks at
// once, then again on every event that could change the answer, and gives up
// after a deadline with a message that says what it saw.
'use strict';
const vscode = require('vscode');
const path = require('node:path');

const EXTENSION_ID = 'qipp-plans.qipp-plans';
const SOURCE = 'qipp';

function workspaceDir() {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (the launcher opens a copy of samples/)');
  return folder.uri.fsPath;
}

function sampleUri(name) {
  return vscode.Uri.file(path.join(workspaceDir(), name));
}

/** Resolves with `check()`'s first truthy result, re-checking whenever `event` fires. */
function waitUntil(event, check, timeout, what) {
  return new Promise((resolve, reject) => {
    let sub;
    let timer;
    const done = () => {
      sub?.dispose();
      clearTimeout(timer);
    };
    const attempt = () => {
      let value;
      try {
        value = check();
      } catch (e) {
        done();
        reject(e);
        return true;
      }
      if (value) {
        done();
        resolve(value);
        return true;
      }
      return false;
    };
    if (attempt()) return;
    sub = event(() => void attempt());
    timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'function' ? what() : what}`));
    }, timeout);
  });
}

/** The rule id of a diagnostic: `code` is a string, or `{ value, target }` when the server links the rule's documentation. */
function ruleOf(d) {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function planDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function describeDiagnostics(uri) {
  const ds = planDiagnostics(uri);
  return `${ds.length} diagnostics: ${ds.map((d) => `${d.range.start.line + 1}:${ruleOf(d)}`).join(', ') || '(none)'}`;
}

/** Waits until this document's diagnostics from our server satisfy `predicate`. */
function waitForDiagnostics(uri, predicate, timeout, what) {
  return waitUntil(
    (listener) =>
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString())) listener();
      }),
    () => {
      const ds = planDiagnostics(uri);
      return predicate(ds) ? ds : undefined;
    },
    timeout,
    () => `${what}; ${describeDiagnostics(uri)}`,
  );
}

/** `# expect: RULE[, RULE]` comments (the conformance-case format) as [0-based line, rule] pairs. */
function expectedFindings(text) {
  const out = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /#\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/.exec(line);
    if (m) for (const rule of m[1].split(',')) out.push([i, rule.trim()]);
  });
  return out;
}

function labelOf(item) {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function activeExtensionApi() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return { ext, api: await ext.activate() };
}

module.exports = {
  EXTENSION_ID,
  SOURCE,
  workspaceDir,
  sampleUri,
  waitUntil,
  ruleOf,
  planDiagnostics,
  describeDiagnostics,
  waitForDiagnostics,
  expectedFindings,
  labelOf,
  activeExtensionApi,
};
