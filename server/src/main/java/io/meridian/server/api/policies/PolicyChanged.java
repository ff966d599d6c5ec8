package io.meridian.server.api.policies;

import io.meridian.policies.Policy;

/**
 * Published (as a Spring application event, inside the transaction) whenever a policy is
 * created, replaced or deleted, so schedulers can follow: listen with
 * {@code @TransactionalEventListener} to act only once the change is committed.
 *
 * @param policy the new definition, or null when the policy was deleted
 */
public record PolicyChanged(String name, Policy policy) {

    public boolean deleted() {
        return policy == null;
    }
}
