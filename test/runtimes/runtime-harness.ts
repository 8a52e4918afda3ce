/** What a runtime under test is started with. */
export interface RuntimeSetup {
  /** Provider keys: Worker Secrets on workerd, environment variables on Deno and Vercel Edge. */
  secrets: Record<string, string>
  /** Entries of the runtime's config store (`config:<id>`, `integration:<slug>`). */
  entries: Record<string, object>
}

/** A runtime serving the built gateway on 127.0.0.1. */
export interface RunningRuntime {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** Stops the runtime (kills its process, if it has one). */
  close(): Promise<void>
}

/** Plain variables every runtime gets: the loopback emulators are allowed as private hosts. */
export const TEST_VARIABLES = { ALLOWED_PRIVATE_HOSTS: '127.0.0.1,localhost' }
