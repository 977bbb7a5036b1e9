/** What a command may touch besides files: passed in, so that tests can run commands in-process. */
export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}
