/**
 * The Spring Batch replication job and its JDBC stores: plan → transfer (one partition per
 * source repository; a chunk-oriented step: pending artifacts → copy → JDBC batch) → finalize.
 * One job instance per execution; a restart after a crash skips completed steps, partitions
 * and tasks. The only Spring in sync-core lives here.
 */
package io.meridian.sync.batch;
