/**
 * Planning a replication: which (artifact, destination) pairs need work. Only HEADs: an
 * unchanged tag costs one HEAD at the source and one per destination, answered in parallel
 * and streamed to a {@link io.meridian.sync.plan.TaskSink} (JDBC batch inserts), so a
 * 20,000-tag no-op run neither downloads anything nor holds its tags in memory.
 */
package io.meridian.sync.plan;
