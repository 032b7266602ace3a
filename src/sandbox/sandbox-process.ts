// Owns one sandbox process: starting it, handing it one job at a time, and turning whatever
// happens to it (a reply, a crash, a caller's abort, a job that outlives its time) into exactly
// one reply per job. A crash during a job is that job's doing: one job runs per process.
import { spawn, type ChildProcess } from 'node:child_process';
import { CHILD_PROGRAM, type SandboxJob, type SandboxReply } from './child-program.js';

type Failure = Extract<SandboxReply, { ok: false }>['failure'];

interface Refable {
  ref?: () => unknown;
  unref?: () => unknown;
}

// What V8, Node and isolated-vm print when a heap is exhausted beyond recovery, before aborting.
const OUT_OF_MEMORY = /out[ -]of[ -]memory|heap_oom|heap limit|allocation failed/i;
const CATASTROPHIC = 'isolated-vm catastrophic error:';
const STDERR_KEPT = 8 * 1024;

export class SandboxProcess {
  /** Settles once the process can take jobs; rejects with the reason it could not start. */
  readonly ready: Promise<void>;
  /** Jobs this process has run. */
  runs = 0;
  private readonly child: ChildProcess;
  private stderrTail = '';
  private ended = false;
  private killed = false;
  private endCode: number | null = null;
  private endSignal: NodeJS.Signals | null = null;
  private current: { id: number; settle: (reply: SandboxReply) => void } | null = null;
  private readonly exitListeners: (() => void)[] = [];

  constructor(isolatedVmPath: string) {
    // No environment: nothing of the server's configuration reaches the process that runs
    // user code. Node 20+ needs --no-node-snapshot for isolated-vm.
    this.child = spawn(
      process.execPath,
      ['--no-node-snapshot', '-e', CHILD_PROGRAM, isolatedVmPath],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: {},
        serialization: 'json',
      },
    );
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_KEPT);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (isRecord(message) && message.ready === true) {
          this.child.off('message', onMessage);
          resolve();
        }
      };
      this.child.on('message', onMessage);
      this.onExit(() =>
        reject(new Error(`the sandbox process did not start: ${this.describeEnd()}`)),
      );
    });
    this.ready.catch(() => undefined);
    this.child.on('message', (message: unknown) => {
      if (!isRecord(message) || typeof message.id !== 'number') return;
      if (this.current?.id === message.id) this.current.settle(message as SandboxReply);
    });
    this.child.on('error', () => this.end(null, null));
    // 'close' comes after the last of stderr, which tells an exhausted heap from other ends.
    this.child.on('close', (code, signal) => this.end(code, signal));
  }

  /** False from the moment the process is told to end: it never takes another job. */
  get alive(): boolean {
    return !this.ended && !this.killed;
  }

  /** Called once when the process ends, for whatever reason. */
  onExit(listener: () => void): void {
    if (this.ended) listener();
    else this.exitListeners.push(listener);
  }

  /**
   * Runs one job. Always resolves: with the process's reply, with `script.timeout` when no reply
   * came `backstopMs` after sending (the process is ended), with `script.aborted` when `signal`
   * aborts (the process is ended), or with what a crash means.
   */
  run(job: SandboxJob, backstopMs: number, signal?: AbortSignal): Promise<SandboxReply> {
    if (this.current) throw new Error('a sandbox process runs one job at a time');
    this.runs += 1;
    return new Promise<SandboxReply>((resolve) => {
      const fail = (failure: Failure) => settle({ id: job.id, ok: false, failure });
      const backstop = setTimeout(() => {
        fail({ kind: 'script.timeout' });
        this.kill();
      }, backstopMs);
      const onAbort = () => {
        fail({ kind: 'script.aborted' });
        this.kill();
      };
      const settle = (reply: SandboxReply) => {
        if (this.current?.id !== job.id) return;
        this.current = null;
        clearTimeout(backstop);
        signal?.removeEventListener('abort', onAbort);
        resolve(reply);
      };
      this.current = { id: job.id, settle };
      if (this.ended) return fail(this.crashFailure());
      if (signal?.aborted) return fail({ kind: 'script.aborted' });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.child.send(job, (error) => {
        if (error) fail({ kind: 'script.unavailable', errorMessage: error.message });
      });
    });
  }

  /** Idle processes do not keep the server's event loop alive; busy ones do. */
  setActive(active: boolean): void {
    // The IPC channel and the stderr pipe hold the event loop too; at run time stderr is a socket.
    const handles = [this.child, this.child.channel, this.child.stderr] as (
      Refable | null | undefined
    )[];
    for (const handle of handles) {
      if (active) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  kill(): void {
    this.killed = true;
    if (!this.ended) this.child.kill('SIGKILL');
  }

  private end(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.ended) return;
    this.ended = true;
    this.endCode = code;
    this.endSignal = signal;
    this.current?.settle({ id: this.current.id, ok: false, failure: this.crashFailure() });
    for (const listener of this.exitListeners.splice(0)) listener();
  }

  private crashFailure(): Failure {
    const catastrophic = this.stderrTail.lastIndexOf(CATASTROPHIC);
    const memory =
      catastrophic >= 0
        ? OUT_OF_MEMORY.test(this.stderrTail.slice(catastrophic))
        : this.endSignal === 'SIGABRT' || OUT_OF_MEMORY.test(this.stderrTail);
    if (memory) return { kind: 'script.memory' };
    return {
      kind: 'script.unavailable',
      errorMessage: `the sandbox process stopped unexpectedly (${this.describeEnd()})`,
    };
  }

  private describeEnd(): string {
    const how =
      this.endSignal !== null
        ? `signal ${this.endSignal}`
        : this.endCode !== null
          ? `exit code ${this.endCode}`
          : 'could not be started';
    const said = this.stderrTail.trim().split('\n').slice(-3).join(' ').slice(0, 500);
    return said ? `${how}: ${said}` : how;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
