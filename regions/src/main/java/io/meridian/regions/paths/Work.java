package io.meridian.regions.paths;

/** The work at hand, for the expected completion time: how many requests and how many bytes. */
public record Work(long requests, long bytes) {

    /** A typical image before its size is known: 8 layers of 3 upload requests, 64 MB. */
    public static final Work TYPICAL_IMAGE = new Work(24, 64L * 1_000_000);

    public Work {
        if (requests < 0 || bytes < 0) {
            throw new IllegalArgumentException("work must be >= 0: " + requests + " requests, " + bytes + " bytes");
        }
    }
}
