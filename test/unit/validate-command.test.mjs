// QIPP: Validate Workspace says how it went in a notification that a person
// with the notification centre open still sees. VS Code closes an open centre
// as soon as nothing is left in it (and the smoke-test driver of the web
// end-to-end run shows no toasts), so the summary must be shown while the
// "Validating plans" progress is still up, not after it ended.
//
// client/src/commands.ts is bundled with esbuild as the extension bundles it,
// over a small stand-in for `vscode` whose notification centre behaves as
// VS Code's does. The server's answer is a promise the test settles itself.
import assert from 'node:assert/strict';
import { build } from 'esbuild';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A stand-in for the parts of `vscode` the command uses; its notification centre closes itself when emptied. */
function fakeVscode() {
  const centre = { open: false, items: [], log: [] };
  const add = (message) => {
    centre.items.push(message);
    centre.log.push(`+ ${message}`);
  };
  const remove = (message) => {
    centre.items.splice(centre.items.indexOf(message), 1);
    centre.log.push(`- ${message}`);
    if (centre.items.length === 0) centre.open = false; // as VS Code's NotificationsCenter: "hide if no more notifications"
  };
  const vscode = {
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    workspace: { workspaceFolders: [{ uri: { path: '/workspace' }, name: 'workspace', index: 0 }] },
    window: {
      withProgress(options, task) {
        add(options.title);
        const p = Promise.resolve().then(() => task({ report() {} }, { isCancellationRequested: false }));
        // The extension host ends the progress once the task's promise has settled.
        return p.finally(() => remove(options.title));
      },
      showInformationMessage(message) {
        add(message);
        return new Promise(() => {}); // the person has not chosen anything yet
      },
      showWarningMessage: () => Promise.resolve(undefined),
      showErrorMessage: () => Promise.resolve(undefined),
    },
    commands: { executeCommand: () => Promise.resolve(undefined) },
  };
  return { vscode, centre };
}

async function loadCommands(vscode) {
  const r = await build({ entryPoints: [`${ROOT}client/src/commands.ts`], bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], write: false, logLevel: 'silent' });
  const module = { exports: {} };
  const require = (id) => {
    if (id === 'vscode') return vscode;
    throw new Error(`unexpected require of ${id}`);
  };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(module, module.exports, require);
  return module.exports;
}

/** A language server whose answer to qipp/validateWorkspace the test gives when it chooses. */
function heldServer() {
  const asked = [];
  let answer;
  const server = {
    request(method) {
      asked.push(method);
      return new Promise((resolve) => (answer = resolve));
    },
  };
  return { server, asked, answer: (result) => answer(result) };
}

/** Lets every promise callback already queued run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('QIPP: Validate Workspace says how it went where the person is looking', function () {
  this.timeout(60_000);

  for (const [name, result, said] of [
    ['a finished pass', { plans: 14, errors: 34, warnings: 25, cancelled: false }, 'Checked 14 plans: 34 errors, 25 warnings.'],
    ['a stopped pass', { plans: 1, errors: 1, warnings: 0, cancelled: true }, 'Validation stopped after 1 plan: 1 error, 0 warnings.'],
  ]) {
    it(`the summary of ${name} is in the notification centre opened while it ran`, async () => {
      const { vscode, centre } = fakeVscode();
      const { validateWorkspace } = await loadCommands(vscode);
      const { server, asked, answer } = heldServer();
      const done = validateWorkspace(server);
      await settle();
      assert.deepEqual(asked, ['qipp/validateWorkspace']);
      assert.deepEqual(centre.items, ['Validating plans']);
      centre.open = true; // Notifications: Show Notifications, while the server is still checking
      answer(result);
      assert.deepEqual(await done, result);
      await settle();
      assert.deepEqual(centre.items, [said], `the centre's log: ${centre.log.join(' | ')}`);
      assert.equal(centre.open, true, `the centre closed itself before the summary came (log: ${centre.log.join(' | ')})`);
    });
  }

  it('without a folder it says to open one, and asks the server nothing', async () => {
    const { vscode, centre } = fakeVscode();
    vscode.workspace.workspaceFolders = undefined;
    const { validateWorkspace } = await loadCommands(vscode);
    const { server, asked } = heldServer();
    assert.equal(await validateWorkspace(server), undefined);
    assert.deepEqual(asked, []);
    assert.deepEqual(centre.items, ['Open a folder first: Validate Workspace checks the plans in the open folders.']);
  });
});
