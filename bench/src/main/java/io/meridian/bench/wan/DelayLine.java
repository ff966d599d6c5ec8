package io.meridian.bench.wan;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * A FIFO of byte chunks each released {@code delay} after it was offered (never before {@code readyAt}), paced to
 * an optional byte rate, holding at most {@code window} bytes. Single producer, single consumer.
 */
final class DelayLine {

    private record Chunk(byte[] bytes, long due) {
    }

    private static final byte[] END = new byte[0];
    private final long delayNanos;
    private final long readyAtNanos;
    private final long bytesPerSecond;
    private final int window;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private long buffered;
    private long paceNanos = Long.MIN_VALUE;

    DelayLine(long delayNanos, long readyAtNanos, long bytesPerSecond, int window) {
        this.delayNanos = delayNanos;
        this.readyAtNanos = readyAtNanos;
        this.bytesPerSecond = bytesPerSecond;
        this.window = window;
    }

    /** Adds a chunk stamped now + delay; blocks while the window is full. */
    synchronized void offer(byte[] bytes) throws InterruptedException {
        while (buffered > 0 && buffered + bytes.length > window) {
            wait();
        }
        long due = Math.max(System.nanoTime() + delayNanos, readyAtNanos);
        queue.addLast(new Chunk(bytes, due));
        buffered += bytes.length;
        notifyAll();
    }

    /** Marks the end of the stream (delivered after the delay like data). */
    synchronized void end() {
        queue.addLast(new Chunk(END, Math.max(System.nanoTime() + delayNanos, readyAtNanos)));
        notifyAll();
    }

    /** The next chunk once it is due, or {@code null} at the end of the stream. */
    byte[] take() throws InterruptedException {
        Chunk chunk;
        synchronized (this) {
            while (queue.isEmpty()) {
                wait();
            }
            chunk = queue.peekFirst();
        }
        awaitNanoTime(chunk.due());
        if (bytesPerSecond > 0 && chunk.bytes().length > 0) {
            long now = System.nanoTime();
            paceNanos = Math.max(paceNanos, now) + chunk.bytes().length * 1_000_000_000L / bytesPerSecond;
            awaitNanoTime(paceNanos);
        }
        synchronized (this) {
            queue.pollFirst();
            buffered -= chunk.bytes().length;
            notifyAll();
        }
        return chunk.bytes() == END ? null : chunk.bytes();
    }

    private static void awaitNanoTime(long due) throws InterruptedException {
        long left;
        while ((left = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
