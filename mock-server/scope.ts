/**
 * A scope owns the timers and cleanups of one connection (or of the whole
 * server). Disposing it runs every cleanup once, so `close()` can stop
 * everything without knowing what each connection was doing.
 */
export class Scope {
  private readonly cleanups = new Set<() => void>()
  private disposed = false

  /** `report` receives errors thrown by timer callbacks, which would otherwise crash the process. */
  constructor(private readonly report: (error: unknown) => void = (error) => console.error(error)) {}

  private guarded(callback: () => void): () => void {
    return () => {
      try {
        callback()
      } catch (error) {
        this.report(error)
      }
    }
  }

  get isDisposed(): boolean {
    return this.disposed
  }

  /** Registers a cleanup; returns a function that runs it early (once). */
  add(cleanup: () => void): () => void {
    if (this.disposed) {
      cleanup()
      return () => {}
    }
    let done = false
    const run = (): void => {
      if (done) return
      done = true
      this.cleanups.delete(run)
      cleanup()
    }
    this.cleanups.add(run)
    return run
  }

  /** setTimeout that is cleared when the scope is disposed; returns a cancel function. */
  timeout(callback: () => void, ms: number): () => void {
    if (this.disposed) return () => {}
    let cancel = (): void => {}
    const run = this.guarded(callback)
    const handle = setTimeout(() => {
      cancel()
      run()
    }, ms)
    cancel = this.add(() => clearTimeout(handle))
    return cancel
  }

  interval(callback: () => void, ms: number): () => void {
    if (this.disposed) return () => {}
    const handle = setInterval(this.guarded(callback), ms)
    return this.add(() => clearInterval(handle))
  }

  /** A child scope, disposed with this one; disposing the child detaches it. */
  child(): Scope {
    const child = new Scope(this.report)
    const detach = this.add(() => child.dispose())
    child.add(detach)
    return child
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const cleanup of [...this.cleanups]) cleanup()
    this.cleanups.clear()
  }
}
