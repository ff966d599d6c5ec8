package io.meridian.sync.batch;

import io.meridian.db.testing.TestDatabase;
import io.meridian.regions.EndpointKind;
import io.meridian.regions.paths.Prior;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.paths.PathEstimates;
import io.meridian.sync.transfer.EndpointChoice;
import io.meridian.sync.transfer.EndpointHandle;
import io.meridian.sync.oci.ClientOptions;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.plan.PlanDestination;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.plan.Planner;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.transfer.ArtifactCopier;
import io.meridian.sync.transfer.BlobTransfer;
import io.meridian.sync.transfer.GuardedRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The replication job wired as the server wires it, on a real PostgreSQL ({@link TestDatabase})
 * and real registries, with the policy given directly as a {@link PlanSpec}.
 */
final class EngineFixture implements AutoCloseable {

    /** Quick retries, a breaker that opens after 4 calls at 50 % failures, 64 calls per registry. */
    static final ResilienceSettings QUICK = new ResilienceSettings(3, java.time.Duration.ofMillis(50),
            java.time.Duration.ofMillis(200), 64, java.time.Duration.ofMinutes(1), 50f, 4,
            java.time.Duration.ofSeconds(30), 0);

    final TestDatabase db = TestDatabase.create();
    final com.zaxxer.hikari.HikariDataSource dataSource = pooled(db);
    /** The pool as the engine and its job repository see it: a test can make it go away ({@code jdbc} stays). */
    final RefusingDataSource database = new RefusingDataSource(dataSource);
    final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final OciTransport transport = OciTransport.create();
    final RegistryGuards guards;
    final PathEstimates estimates = new PathEstimates();
    /** A policy's {@code paths} per destination registry name (absent: any endpoint). */
    final Map<String, io.meridian.regions.paths.PathRule> pathRules = new ConcurrentHashMap<>();
    private final Map<UUID, ResolvedExecution> executions = new ConcurrentHashMap<>();
    private final Map<String, GuardedRegistry> registries = new ConcurrentHashMap<>();
    private final List<ExecutorService> pools = new ArrayList<>();
    private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    private final long regionId;
    private final EndpointChoice choice;
    /** The engine's blob locations; a test can make the next upload record fail ({@link FailingUploadRecords}). */
    final FailingUploadRecords uploadRecords;
    private final ThreadPoolExecutor artifactPool;

    EngineFixture(ResilienceSettings settings) {
        this(settings, new ReplicationJobSettings(4, 3));
    }

    EngineFixture(ResilienceSettings settings, ReplicationJobSettings job) {
        this(settings, job, null, new EndpointChoice(java.util.Optional.empty()));
    }

    /** @param preheat the P2P engines of the executions' destinations (null: no preheat) */
    EngineFixture(ResilienceSettings settings, ReplicationJobSettings job, PreheatResolver preheat) {
        this(settings, job, preheat, new EndpointChoice(java.util.Optional.empty()));
    }

    /** @param choice chooses each attempt's endpoint (carries this "node"'s region) */
    EngineFixture(ResilienceSettings settings, ReplicationJobSettings job, EndpointChoice choice) {
        this(settings, job, null, choice);
    }

    private EngineFixture(ResilienceSettings settings, ReplicationJobSettings job, PreheatResolver preheat,
                          EndpointChoice choice) {
        this.choice = choice;
        guards = new RegistryGuards(settings, meters);
        jdbc.update("INSERT INTO regions (name) VALUES ('test')");
        regionId = jdbc.queryForObject("SELECT id FROM regions WHERE name = 'test'", Long.class);
        artifactPool = (ThreadPoolExecutor) pool(Executors.newFixedThreadPool(32));
        ExecutorService blobPool = pool(Executors.newFixedThreadPool(64));
        ExecutorService streamPool = pool(Executors.newCachedThreadPool());
        ExecutorService headPool = pool(Executors.newFixedThreadPool(64));
        uploadRecords = new FailingUploadRecords(new RecentBlobLocations(new BlobLocationRepository(dataSource)));
        BlobTransfer transfer = new BlobTransfer(uploadRecords, streamPool, choice);
        ReplicationEngine engine = new ReplicationEngine(new Planner(headPool, 64),
                new ArtifactCopier(transfer, blobPool), artifactPool, meters);
        var beans = context.getBeanFactory();
        beans.registerSingleton("dataSource", database);
        beans.registerSingleton("replicationEngine", engine);
        beans.registerSingleton("executionResolver", (ExecutionResolver) executions::get);
        beans.registerSingleton("replicationJobSettings", job);
        beans.registerSingleton("endpointChoice", choice);
        if (preheat != null) {
            beans.registerSingleton("preheatResolver", preheat);
        }
        context.register(BatchInfrastructure.class);
        context.refresh();
    }

    private static com.zaxxer.hikari.HikariDataSource pooled(TestDatabase db) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(10);
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    private ExecutorService pool(ExecutorService pool) {
        pools.add(pool);
        return pool;
    }

    /** Registers a registry (database row + guarded client) under {@code name}. */
    GuardedRegistry registry(String name, RegistryEndpoint endpoint) {
        return registry(name, new RegistryClient(transport, endpoint));
    }

    /** As {@link #registry(String, RegistryEndpoint)}, the client with {@code options} (e.g. a short read-idle). */
    GuardedRegistry registry(String name, RegistryEndpoint endpoint, ClientOptions options) {
        return registry(name, new RegistryClient(transport, endpoint, options));
    }

    /** Like {@link #registry(String, RegistryEndpoint)}, reached through {@code via} (e.g. shorter timeouts). */
    GuardedRegistry registry(String name, RegistryEndpoint endpoint, OciTransport via) {
        return registry(name, new RegistryClient(via, endpoint));
    }

    private GuardedRegistry registry(String name, RegistryClient client) {
        long id = jdbc.queryForObject("""
                INSERT INTO registries (name, region_id, url, insecure) VALUES (?, ?, ?, true) RETURNING id""",
                Long.class, name, regionId, client.endpoint().baseUrl().toString());
        GuardedRegistry registry = new GuardedRegistry(id, name, client,
                guards.forRegistry(name), meters);
        registries.put(name, registry);
        return registry;
    }

    /** One more endpoint of a registry, for {@link #registry(String, RegistryEndpoint, List)}. */
    record Endpoint(String name, EndpointKind kind, List<String> reachableFrom, RegistryEndpoint endpoint) {
    }

    /**
     * Registers a registry whose own url is {@code own} (endpoint "default", public) with more endpoints, each with
     * its own client, guard (breaker) and meter, as the server's RegistryConnections opens them.
     */
    GuardedRegistry registry(String name, RegistryEndpoint own, List<Endpoint> more) {
        GuardedRegistry primary = registry(name, own);
        RegistryClient ownClient = new RegistryClient(transport, own);
        List<EndpointHandle> handles = new ArrayList<>();
        handles.add(new EndpointHandle(EndpointHandle.DEFAULT, EndpointKind.PUBLIC, List.of(), Prior.UNKNOWN_LINK,
                new GuardedRegistry(primary.id(), name, EndpointHandle.DEFAULT, ownClient,
                        guards.forEndpoint(name, EndpointHandle.DEFAULT), meters,
                        estimates.meter(name, EndpointHandle.DEFAULT))));
        for (Endpoint e : more) {
            handles.add(new EndpointHandle(e.name(), e.kind(), e.reachableFrom(), Prior.UNKNOWN_LINK.forKind(e.kind()),
                    new GuardedRegistry(primary.id(), name, e.name(), new RegistryClient(transport, e.endpoint()),
                            guards.forEndpoint(name, e.name()), meters, estimates.meter(name, e.name()))));
        }
        GuardedRegistry withEndpoints = primary.withEndpoints(handles, choice);
        registries.put(name, withEndpoints);
        return withEndpoints;
    }

    /** Creates a QUEUED execution of {@code spec} and runs its job to the end (synchronously). */
    Run run(PlanSpec spec) {
        return run(spec, UUID.randomUUID());
    }

    /** Like {@link #run(PlanSpec)} under a given id (so a test can act on it while it runs). */
    Run run(PlanSpec spec, UUID id) {
        return run(spec, id, null);
    }

    /** Like {@link #run(PlanSpec, UUID)} with the policy's bandwidth cap ({@code null}: none). */
    Run run(PlanSpec spec, UUID id, io.meridian.sync.resilience.BandwidthLimiter bandwidth) {
        return run(spec, id, bandwidth, null);
    }

    /** Like {@link #run(PlanSpec, UUID, io.meridian.sync.resilience.BandwidthLimiter)} with limits.parallelArtifacts. */
    Run run(PlanSpec spec, UUID id, io.meridian.sync.resilience.BandwidthLimiter bandwidth,
            io.meridian.sync.resilience.ParallelismLimiter parallelArtifacts) {
        jdbc.update("INSERT INTO executions (id, policy_name, status, trigger) VALUES (?, ?, 'QUEUED', 'manual')",
                id, spec.policy());
        List<PlanDestination> destinations = spec.destinations().stream()
                .map(d -> new PlanDestination(registries.get(d.registry()), d, pathRules.get(d.registry()))).toList();
        executions.put(id, new ResolvedExecution(spec, registries.get(spec.sourceRegistry()), destinations,
                bandwidth, java.util.Optional.empty(), parallelArtifacts));
        context.getBean(ResolvedExecutions.class).resolve(id);
        try {
            JobExecution job = context.getBean(JobOperator.class)
                    .start(context.getBean(Job.class), ReplicationLauncher.parameters(id));
            return new Run(id, job, jdbc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a job that ended without finishing its execution again, as {@code ReplicationLauncher.resume} does on a
     * node (restart of the failed job execution: completed steps and partitions are skipped).
     */
    /** Artifact copies running right now (the engine's artifact pool): none once every job has ended. */
    int artifactCopiesRunning() {
        return artifactPool.getActiveCount();
    }

    Run resume(Run ended) {
        context.getBean(ResolvedExecutions.class).resolve(ended.id());
        try {
            return new Run(ended.id(), context.getBean(JobOperator.class).restart(ended.job()), jdbc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PlanSpec spec(String policy, String source, List<DestinationSpec> destinations, boolean override) {
        return new PlanSpec(policy, source, repo -> repo.startsWith("team"), tag -> true, destinations, override);
    }

    /** A bean of the wired engine (the launcher, the job repository, a step). */
    <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    double calls(String registry, String call) {
        var counter = meters.find("meridian.registry.calls").tag("registry", registry).tag("call", call).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Waits for {@code condition}, polling, until {@code timeout}; fails naming {@code what}. */
    static void await(java.time.Duration timeout, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        context.close();
        pools.forEach(ExecutorService::shutdownNow);
        dataSource.close();
        db.close();
    }

    /** One finished execution: its id, Batch job execution and database row. */
    record Run(UUID id, JobExecution job, JdbcTemplate jdbc) {
        Map<String, Object> row() {
            return jdbc.queryForMap("SELECT * FROM executions WHERE id = ?", id);
        }

        String status() {
            return (String) row().get("status");
        }

        List<Map<String, Object>> tasks() {
            return jdbc.queryForList("SELECT * FROM tasks WHERE execution_id = ? ORDER BY source_repository, reference, "
                    + "destination_registry_id", id);
        }

        long tasksIn(String state) {
            return jdbc.queryForObject("SELECT count(*) FROM tasks WHERE execution_id = ? AND state = ?", Long.class,
                    id, state);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableBatchProcessing
    @EnableJdbcJobRepository
    @Import(ReplicationAutoConfiguration.class)
    static class BatchInfrastructure {
        @Bean
        JdbcTransactionManager transactionManager(DataSource dataSource) {
            return new JdbcTransactionManager(dataSource);
        }
    }
}
