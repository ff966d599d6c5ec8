/**
 * Test-only crash points: named places in the engine where a crash test can freeze the process before killing it
 * with {@code SIGKILL}. Off (one static final check, folded away by the JIT) unless the JVM was started with
 * {@code -Dmeridian.test.crash-points=<directory>}; see {@link io.meridian.sync.crash.CrashPoints}.
 */
package io.meridian.sync.crash;
