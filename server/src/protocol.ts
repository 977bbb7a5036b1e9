/**
 * The one module that names what crosses a boundary between the extension
 * (client/), the language server (server/src/lsp/) and the preview's webview
 * (client/media/preview.js). Types and constants, and the kinds table with its
 * one test of what a plan file is (core/kinds, pure and small): no vscode, no
 * LSP library, no engine, so every side can import it.
 */
export { isPlanFile, KINDS, PLAN_FILE_NAME, PLAN_KINDS, sniffKind, starterPlan, STARTER_KINDS, type PlanKind } from './core/kinds';

/** The `source` of every diagnostic the server publishes; the client and preview pick theirs by it. */
export const DIAGNOSTIC_SOURCE = 'qipp';

/** The view type of the preview's webview panels (package.json `onWebviewPanel:` activation). */
export const PREVIEW_VIEW_TYPE = 'qipp.preview';

/** The language id of plan files (a grammar that embeds YAML; see package.json `contributes.languages`). */
export const PLAN_LANGUAGE_ID = 'qipp-plan';

/**
 * `initializationOptions` the client sends in `initialize`.
 *
 * `trusted`: false when the workspace is not trusted (VS Code's workspace
 * trust). The server then reads nothing of the workspace but its plans
 * (issue 15): no `.qipprc.yaml`, no extra schema folder (an extra JSON Schema
 * is compiled to code by ajv) and no `national_timeline` file; the built-in
 * rules and national timeline with the `qipp.rules` setting (a restricted
 * setting: VS Code gives only the user's own value). Absent means trusted, for
 * editors other than VS Code. The client restarts the server when trust is
 * granted, so the flag never changes during a server's life.
 */
export interface InitializationOptions {
  trusted: boolean;
}

/**
 * The settings the extension contributes (package.json `contributes.configuration`),
 * under the section `qipp`. The server reads `rules`, `schemas` and
 * `nationalTimeline` (spec section 5; layered over `.qipprc.yaml`); the client reads
 * `preview.*`; `trace.server` is vscode-languageclient's.
 */
export const SETTINGS_SECTION = 'qipp';
export interface QippSettings {
  /** Severity by rule id: error, warning, info or off. */
  rules: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  /** Extra schema folders (workspace-relative); ignored in untrusted workspaces. */
  schemas: string[];
  /** A national timeline file (workspace-relative); ignored in untrusted workspaces. */
  nationalTimeline: string | null;
  preview: {
    /** Scroll the preview when the editor scrolls. */
    scrollPreviewWithEditor: boolean;
    /** Scroll the editor when the preview scrolls. */
    scrollEditorWithPreview: boolean;
  };
}

/**
 * Messages between the extension and the preview's webview script. The
 * script is plain JavaScript (client/media/preview.js) and follows these
 * shapes by hand; keep both in step.
 */
export namespace PreviewMessages {
  /** Extension -> webview: a new rendering of the plan. Older versions than the last applied are dropped. */
  export interface Update {
    type: 'update';
    /** The document's version this HTML was rendered from. */
    version: number;
    /** A complete document from renderPlan(); the script swaps in its `#qipp-plan` element. */
    html: string;
  }
  /** Extension -> webview: the editor's first visible line changed; scroll the preview to it. */
  export interface ScrollTo {
    type: 'scrollTo';
    line: number;
  }
  /**
   * Extension -> webview: which plan this preview shows. The script keeps it
   * in the webview's state, from which VS Code restores the preview after a
   * reload (see PreviewState).
   */
  export interface Document {
    type: 'document';
    uri: string;
  }
  export type ToWebview = Update | ScrollTo | Document;

  /** Webview -> extension: an item was clicked; show its line (and column) in the editor. */
  export interface Reveal {
    type: 'reveal';
    line: number;
    character?: number;
  }
  /** Webview -> extension: the preview scrolled; its top item is at this source line. */
  export interface DidScroll {
    type: 'didScroll';
    line: number;
  }
  /** Webview -> extension: the error/warning counts were clicked. */
  export interface ShowProblems {
    type: 'showProblems';
  }
  /** Webview -> extension: the script has loaded and can take messages. */
  export interface Ready {
    type: 'ready';
  }
  export type FromWebview = Reveal | DidScroll | ShowProblems | Ready;
}

/**
 * Messages between the extension and the overview's webview script
 * (client/media/overview.js, plain JavaScript that follows these by hand).
 */
export namespace OverviewMessages {
  /** Extension -> webview: a new page body; older generations than the last applied are dropped. */
  export interface Update {
    type: 'update';
    generation: number;
    html: string;
  }
  export type ToWebview = Update;
  /** Webview -> extension: a plan or problem link was clicked: open `<plan URI>#L<line>`. */
  export interface Open {
    type: 'open';
    href: string;
  }
  /** Webview -> extension: save the overview as the html report. */
  export interface Export {
    type: 'export';
  }
  export interface Ready {
    type: 'ready';
  }
  export type FromWebview = Open | Export | Ready;
}

/** The view type of the overview's webview panel. */
export const OVERVIEW_VIEW_TYPE = 'qipp.overview';

/** What the preview's webview keeps in its state (vscode.setState), and gets back when it is restored. */
export interface PreviewState {
  /** The plan's document URI. */
  uri?: string;
  /** The source line at the top of the preview. */
  line?: number;
}

/**
 * Requests the client sends the server beyond LSP. The engine runs only in the
 * server: the client asks it for the preview's HTML and for a workspace check.
 */
export namespace QippRequests {
  /** Client -> server: the preview HTML of a plan, rendered from the server's analysis. */
  export const renderPreview = 'qipp/renderPreview';
  export interface RenderPreviewParams {
    uri: string;
    /** The text, for a plan the server does not have open (an export from the explorer). */
    text?: string;
    mode: 'webview' | 'export';
    /** Webview only: the script nonce, the CSP source and the media URIs, as renderPlan takes them. */
    nonce?: string;
    cspSource?: string;
    scriptUri?: string;
    styleUri?: string;
    /** The file's name, shown when the plan has no title. */
    fileName?: string;
  }
  export interface RenderPreviewResult {
    html: string;
    /** The document version the HTML was rendered from; null when rendered from `text`. */
    version: number | null;
  }

  /** Client -> server: check every plan in the workspace folders now, and say how it went. */
  export const validateWorkspace = 'qipp/validateWorkspace';
  export interface ValidateWorkspaceResult {
    plans: number;
    errors: number;
    warnings: number;
    cancelled: boolean;
  }

  /** Server -> client: the configuration changed (settings, `.qipprc.yaml`, schemas, timelines): draw previews again. */
  export const configurationChanged = 'qipp/configurationChanged';

  /** Client -> server: what changed between an earlier text of a plan and the plan as it is now (Compare with Previous Version). */
  export const comparePlan = 'qipp/comparePlan';
  export interface ComparePlanParams {
    uri: string;
    /** The earlier version's text (from git, or a file the person picked). */
    oldText: string;
    oldLabel: string;
    newLabel: string;
    /** The webview's script nonce, CSP source and media URIs, as for the preview. */
    nonce: string;
    cspSource: string;
    scriptUri: string;
    styleUri: string;
  }
  /** The comparison as a webview page, or why the two cannot be compared. */
  export type ComparePlanResult = { html: string } | { error: string };

  /**
   * Client -> server: the report across the plans of the workspace folders
   * (QIPP: Open Overview), built from the server's workspace analysis (open
   * plans from their text, the others from disk) with the cross-plan findings.
   * `webview`: a page for the overview panel (the script nonce, CSP source and
   * media URIs as for the preview); each plan and problem links to
   * `<plan URI>#L<line>` (one-based; a plan's own row links to line 1), which
   * the panel opens in the editor; the report is inside `main#qipp-overview`
   * (what the script swaps in on an update), and while `partial` the page says
   * the plans are still being read. `export`: the self-contained page `qipp
   * report` writes (no script; links are the plans' URIs). Without a nonce of
   * at least 8 letters, digits or `+/=_-`, `webview` gives the export page.
   */
  export const renderOverview = 'qipp/renderOverview';
  export interface RenderOverviewParams {
    mode: 'webview' | 'export';
    nonce?: string;
    cspSource?: string;
    scriptUri?: string;
    styleUri?: string;
  }
  export interface RenderOverviewResult {
    html: string;
    /** How many plans the report covers. */
    plans: number;
    /** The workspace analysis this was built from: bumped on every change (see overviewChanged). */
    generation: number;
    /** True while the first pass over the workspace is still running (the page says so). */
    partial: boolean;
  }

  /**
   * Server -> client notification: the workspace's plans changed (an edit in an
   * open plan, a save, a plan file created, changed, deleted or renamed on disk,
   * the configuration): an open overview asks for its page again. Sent once per
   * burst of changes, after their diagnostics are published, and only after the
   * client has sent renderOverview once (a server whose overview was never
   * opened sends none). Building the page is the costly part with many plans:
   * a client should ask again only while the overview is visible, and not while
   * it is still waiting for the previous page.
   */
  export const overviewChanged = 'qipp/overviewChanged';
  export interface OverviewChangedParams {
    generation: number;
  }
}

/**
 * The web extension's file requests (server -> client). In VS Code for the Web
 * the language server runs in a web worker and cannot read the workspace; it
 * asks the extension, which reads through `vscode.workspace.fs` (any file
 * system: a remote, a virtual one, the browser's). URIs are VS Code's strings.
 */
export namespace WebFiles {
  /** Request: the text of each file, in order. Sent only by the web server. */
  export const READ = 'qipp/readFiles';
  export interface ReadParams {
    uris: string[];
  }
  /** One file: its text (UTF-8, a leading BOM removed), or that it does not exist, or why it could not be read. */
  export interface ReadResult {
    uri: string;
    text?: string;
    missing?: boolean;
    error?: string;
  }
  /** Request: the YAML files (`*.yaml`, `*.yml`) of the workspace folders, outside node_modules and dot folders. */
  export const FIND = 'qipp/findFiles';
  export interface FindResult {
    uris: string[];
  }
  /** Request: the names of the files (not folders) in a folder, for extra schema folders. */
  export const LIST = 'qipp/listFolder';
  export interface ListParams {
    uri: string;
  }
  export interface ListResult {
    uri: string;
    names?: string[];
    missing?: boolean;
    error?: string;
  }
  /** Files larger than this are not sent (the CLI's 10 MB limit); they come back with an `error`. */
  export const MAX_BYTES = 10 * 1024 * 1024;
}

/**
 * Node options the extension starts the language server with. Young
 * generation semi-spaces of 16 MB (Node's default size, named so that the
 * extension, `qipp lsp` users and the benches agree): with 2 MB ones, an edit
 * of a 2,000-initiative plan, which makes several MB of short-lived objects,
 * promoted them into the old generation and spent about a third more CPU in
 * collection (in-process, side by side: 72-84 ms against 45-60 ms CPU per
 * edit); the cost is some 50 MB more memory at that size (bench/lsp.mjs
 * starts the server the same way).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=16'];
