package io.meridian.sync.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Named points of an execution where a crash test freezes the server, so that its {@code kill -9} lands exactly
 * there (issue 9, crashes). <b>Invisible in production:</b> unless the JVM is started with the system property
 * {@code meridian.test.crash-points=<directory>}, {@link #reach} is one test of a {@code static final} false (the
 * JIT removes the call) and nothing is read, written or blocked. The property is not a Spring setting: it cannot
 * be set through configuration files, environment variables of the application or the API.
 *
 * <p>When enabled, a test arms one point by writing {@code <point> [n]} to {@code <directory>/arm} (replace the
 * file atomically). The n-th time (default 1) any thread reaches that point after arming, the thread writes
 * {@code <directory>/crashed} ({@code <point> <context>}) and parks for ever; from then on every thread reaching
 * any point parks too, so the engine makes no progress past its points while the test sends {@code SIGKILL}
 * (a real kill: no shutdown hook, no Batch bookkeeping). An unarmed point costs one small file read.
 */
public final class CrashPoints {

    /** Where the arm file and the crashed marker live; null when crash points are off (production). */
    private static final Path DIRECTORY = directory(System.getProperty("meridian.test.crash-points"));
    private static final boolean ENABLED = DIRECTORY != null;

    private static final AtomicBoolean FIRED = new AtomicBoolean();
    private static final AtomicInteger REACHED = new AtomicInteger();
    private static volatile String armedFor = "";

    private CrashPoints() {
    }

    /** True when this JVM was started with crash points on (tests only). */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Marks that the running thread is at {@code point}; {@code context} (a digest, a tag…) goes to the marker. */
    public static void reach(String point, Object context) {
        if (ENABLED) {
            armed(point, context);
        }
    }

    private static void armed(String point, Object context) {
        if (FIRED.get()) {
            park();
        }
        String arm = readArm();
        if (arm.isEmpty()) {
            return;
        }
        String[] parts = arm.trim().split("\\s+");
        synchronized (CrashPoints.class) {
            if (!arm.equals(armedFor)) {
                armedFor = arm;
                REACHED.set(0);
            }
        }
        int nth = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
        if (!parts[0].equals(point) || REACHED.incrementAndGet() != nth || !FIRED.compareAndSet(false, true)) {
            if (FIRED.get()) {
                park();
            }
            return;
        }
        try {
            Path tmp = DIRECTORY.resolve("crashed.tmp");
            Files.writeString(tmp, point + " " + context + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, DIRECTORY.resolve("crashed"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        park();
    }

    private static String readArm() {
        try {
            return Files.readString(DIRECTORY.resolve("arm"), StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the SIGKILL. Test-only freezing: an interrupt does not let the thread go on past its point (the
     * flag is cleared so that parking does not spin), because the process is about to be killed anyway.
     */
    private static void park() {
        while (true) {
            Thread.interrupted();
            LockSupport.park(CrashPoints.class);
        }
    }

    private static Path directory(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
