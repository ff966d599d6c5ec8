package io.meridian.sync.transfer;

/**
 * Asked before a tag is put at a destination (the registry-side write that re-points what users pull): throws
 * {@link LeaseLostException} when the node copying no longer holds the execution's lease, so a node that lost it
 * (e.g. paused past the lease timeout) does not re-point a tag another node already committed.
 */
@FunctionalInterface
public interface LeaseCheck {

    /** No lease to check (a copy outside an execution). */
    LeaseCheck NONE = what -> { };

    /**
     * @param what the PUT about to be made, for the message
     * @throws LeaseLostException when the lease is lost: the tag is not put
     */
    void beforeTag(String what);
}
