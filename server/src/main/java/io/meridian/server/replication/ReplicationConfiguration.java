package io.meridian.server.replication;

import io.meridian.server.api.registries.RegistryCredentials;
import io.meridian.server.api.registries.RegistryService;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.batch.BlobLocationRepository;
import io.meridian.sync.batch.ExecutionFence;
import io.meridian.sync.batch.ExecutionFinalizer;
import io.meridian.sync.batch.ExecutionRepository;
import io.meridian.sync.batch.RecentBlobLocations;
import io.meridian.sync.batch.ReplicationEngine;
import io.meridian.sync.batch.ReplicationJobSettings;
import io.meridian.sync.batch.ReplicationLauncher;
import io.meridian.sync.batch.ResolvedExecutions;
import io.meridian.sync.oci.OciTransport;
import io.meridian.server.security.UrlGuard;
import io.meridian.sync.plan.Planner;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.transfer.ArtifactCopier;
import io.meridian.server.paths.NodeProperties;
import io.meridian.sync.paths.PathEstimates;
import io.meridian.sync.transfer.BlobTransfer;
import io.meridian.sync.transfer.EndpointChoice;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the replication engine: one shared OCI transport (pooled HTTP/1.1 connections), one
 * Resilience4j guard per registry, bounded pools for artifacts, blobs and planning HEADs, and
 * what sync-core's auto-configuration ({@code ReplicationAutoConfiguration}: the job, the table
 * owners, the finalizer) asks of the application: the resolver, the engine over these pools, the
 * job settings and a launcher on the bounded launch pool.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ReplicationProperties.class, ClusterProperties.class})
public class ReplicationConfiguration {

    @Bean(destroyMethod = "")
    OciTransport ociTransport(UrlGuard urlGuard) {
        return OciTransport.create(OciTransport.Settings.defaults(), urlGuard);
    }

    @Bean
    RegistryGuards registryGuards(ReplicationProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new RegistryGuards(properties.resilience().settings(), meters.getIfAvailable());
    }

    @Bean
    RegistryConnections registryConnections(DataSource dataSource, RegistryService registryService,
                                            OciTransport transport, RegistryGuards guards,
                                            ObjectProvider<MeterRegistry> meters, PathEstimates estimates,
                                            NodeProperties node) {
        return new RegistryConnections(dataSource, name -> credentials(registryService.credentials(name)), transport,
                guards, meters.getIfAvailable(), estimates, node.regionName());
    }

    private static Credentials credentials(RegistryCredentials stored) {
        return stored.anonymous() ? Credentials.anonymous()
                : Credentials.basic(stored.username(), stored.password() == null ? "" : stored.password());
    }

    @Bean
    ChartRepositoryConnections chartRepositoryConnections(DataSource dataSource, RegistryService registryService,
                                                          OciTransport transport) {
        return new ChartRepositoryConnections(dataSource, name -> credentials(registryService.credentials(name)),
                registryService::s3Settings, transport);
    }

    @Bean
    PolicyExecutionResolver policyExecutionResolver(ExecutionRepository executionRepository,
                                                    RegistryConnections connections,
                                                    ReplicationProperties properties,
                                                    ChartRepositoryConnections charts) {
        return new PolicyExecutionResolver(executionRepository, connections, properties, charts);
    }

    @Bean(destroyMethod = "close")
    ReplicationPools replicationPools(ReplicationProperties properties) {
        return new ReplicationPools(properties.pools());
    }

    @Bean
    ReplicationEngine replicationEngine(BlobLocationRepository blobLocations, ReplicationProperties properties,
                                        ObjectProvider<MeterRegistry> meters, ReplicationPools pools,
                                        EndpointChoice endpointChoice) {
        BlobTransfer transfer = new BlobTransfer(new RecentBlobLocations(blobLocations), pools.streams,
                endpointChoice);
        return new ReplicationEngine(new Planner(pools.planning, properties.pools().planConcurrency()),
                new ArtifactCopier(transfer, pools.blobs), pools.artifacts, meters.getIfAvailable());
    }

    @Bean
    ReplicationJobSettings replicationJobSettings(ReplicationProperties properties) {
        return properties.job();
    }

    @Bean
    ReplicationLauncher replicationLauncher(JobOperator jobOperator, JobRepository jobRepository, Job replicationJob,
                                            ResolvedExecutions resolvedExecutions, ExecutionFinalizer finalizer,
                                            ExecutionFence executionFence, ReplicationPools pools) {
        return new ReplicationLauncher(jobOperator, jobRepository, replicationJob, resolvedExecutions, finalizer,
                executionFence, pools.launches);
    }

    @Bean
    NodeId nodeId(ClusterProperties cluster, Environment environment) {
        return NodeId.of(cluster.nodeId(), environment.getProperty("server.port", "8080"));
    }

    @Bean
    ExecutionLeases executionLeases(ExecutionRepository executionRepository, NodeId nodeId,
                                    ClusterProperties cluster) {
        return new ExecutionLeases(executionRepository, nodeId, cluster.leaseTimeout());
    }

    @Bean(destroyMethod = "close")
    ExecutionQueue executionQueue(ExecutionRepository executionRepository, ExecutionFinalizer finalizer,
                                  PlatformTransactionManager transactionManager, ReplicationProperties properties,
                                  NodeId nodeId, ReplicationLauncher launcher) {
        return new ExecutionQueue(executionRepository, finalizer, new TransactionTemplate(transactionManager),
                properties.queue(), nodeId, launcher::launch);
    }

    @Bean(destroyMethod = "close")
    ExecutionRecovery executionRecovery(ExecutionLeases leases, ReplicationLauncher launcher,
                                        ExecutionFence executionFence, ReplicationProperties properties,
                                        ClusterProperties cluster) {
        return new ExecutionRecovery(leases, launcher::resume, executionFence::running, cluster.heartbeatInterval(),
                properties.resumeOnStart());
    }
}
