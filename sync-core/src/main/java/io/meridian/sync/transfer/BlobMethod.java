package io.meridian.sync.transfer;

/** How a blob reached a destination; the names match the {@code blob_transfers.method} column. */
public enum BlobMethod {
    COPIED, MOUNTED, SKIPPED;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
