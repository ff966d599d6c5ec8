package io.meridian.server.replication;

import io.meridian.server.api.registries.RegistryCredentials;
import io.meridian.server.api.registries.RegistryService;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.batch.ExecutionTasks;
import io.meridian.sync.batch.JdbcBlobLocations;
import io.meridian.sync.batch.RecentBlobLocations;
import io.meridian.sync.batch.Executions;
import io.meridian.sync.batch.ReplicationEngine;
import io.meridian.sync.batch.ReplicationJobConfiguration;
import io.meridian.sync.batch.ReplicationJobSettings;
import io.meridian.sync.batch.ReplicationLauncher;
import io.meridian.sync.oci.OciTransport;
import io.meridian.server.security.UrlGuard;
import io.meridian.sync.plan.Planner;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.transfer.ArtifactCopier;
import io.meridian.sync.transfer.BlobMover;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Wires the replication engine: one shared OCI transport (pooled HTTP/1.1 connections), one
 * Resilience4j guard per registry, bounded pools for artifacts, blobs and planning HEADs, and
 * the Spring Batch job from {@code sync-core}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ReplicationProperties.class, ClusterProperties.class})
@Import(ReplicationJobConfiguration.class)
public class ReplicationConfiguration {

    @Bean(destroyMethod = "")
    OciTransport ociTransport(UrlGuard urlGuard) {
        return OciTransport.create(OciTransport.Settings.defaults(), urlGuard);
    }

    @Bean
    RegistryGuards registryGuards(ReplicationProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new RegistryGuards(properties.resilience(), meters.getIfAvailable());
    }

    @Bean
    RegistryConnections registryConnections(DataSource dataSource, RegistryService registryService,
                                            OciTransport transport, RegistryGuards guards,
                                            ObjectProvider<MeterRegistry> meters) {
        return new RegistryConnections(dataSource, name -> credentials(registryService.credentials(name)), transport,
                guards, meters.getIfAvailable());
    }

    private static Credentials credentials(RegistryCredentials stored) {
        return stored.anonymous() ? Credentials.anonymous()
                : Credentials.basic(stored.username(), stored.password() == null ? "" : stored.password());
    }

    @Bean
    PolicyExecutionResolver policyExecutionResolver(DataSource dataSource, RegistryConnections connections,
                                                    ReplicationProperties properties) {
        return new PolicyExecutionResolver(dataSource, connections, properties);
    }

    @Bean(destroyMethod = "close")
    ReplicationPools replicationPools(ReplicationProperties properties) {
        return new ReplicationPools(properties);
    }

    @Bean
    ReplicationEngine replicationEngine(PolicyExecutionResolver resolver, DataSource dataSource,
                                        ReplicationProperties properties, ObjectProvider<MeterRegistry> meters,
                                        ReplicationPools pools) {
        BlobMover mover = new BlobMover(new RecentBlobLocations(new JdbcBlobLocations(dataSource)), pools.streams);
        return new ReplicationEngine(resolver, new Planner(pools.planning, properties.getPlanConcurrency()),
                new ArtifactCopier(mover, pools.blobs), pools.artifacts, meters.getIfAvailable());
    }

    @Bean
    ExecutionTasks executionTasks(DataSource dataSource) {
        return new ExecutionTasks(dataSource);
    }

    @Bean
    Executions executions(DataSource dataSource) {
        return new Executions(dataSource);
    }

    @Bean
    ReplicationJobSettings replicationJobSettings(ReplicationProperties properties) {
        return properties.job();
    }

    @Bean
    ReplicationLauncher replicationLauncher(JobOperator jobOperator, JobRepository jobRepository, Job replicationJob,
                                            Executions executions, ReplicationPools pools) {
        return new ReplicationLauncher(jobOperator, jobRepository, replicationJob, executions, pools.launches);
    }

    @Bean
    NodeId nodeId(ClusterProperties cluster, Environment environment) {
        return NodeId.of(cluster.getNodeId(), environment.getProperty("server.port", "8080"));
    }

    @Bean
    ExecutionLeases executionLeases(DataSource dataSource, NodeId nodeId, ClusterProperties cluster) {
        return new ExecutionLeases(dataSource, nodeId, cluster.getLeaseTimeout());
    }

    @Bean(destroyMethod = "close")
    ExecutionRecovery executionRecovery(ExecutionLeases leases, ReplicationLauncher launcher,
                                        ReplicationProperties properties, ClusterProperties cluster) {
        return new ExecutionRecovery(leases, launcher::resume, cluster.getHeartbeatInterval(),
                properties.isResumeOnStart());
    }
}
