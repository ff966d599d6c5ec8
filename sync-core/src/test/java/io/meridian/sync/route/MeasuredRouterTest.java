package io.meridian.sync.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.regions.EndpointKind;
import io.meridian.regions.paths.PathRule;
import io.meridian.regions.paths.Prior;
import io.meridian.regions.paths.Work;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.paths.PathEstimates;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.transfer.EndpointChoice;
import io.meridian.sync.transfer.EndpointHandle;
import io.meridian.sync.transfer.GuardedRegistry;
import io.meridian.sync.transfer.NoPathException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route step's and each attempt's choice over registries with and without endpoints (no network needed). */
class MeasuredRouterTest {

    private static final OciTransport TRANSPORT = OciTransport.create();
    private final RegistryGuards guards = new RegistryGuards(ResilienceSettings.DEFAULTS, null);
    private final PathEstimates estimates = new PathEstimates();

    private GuardedRegistry plain(String name) {
        return new GuardedRegistry(1, name, client(), guards.forRegistry(name), null);
    }

    private static RegistryClient client() {
        return new RegistryClient(TRANSPORT, RegistryEndpoint.insecure("http://127.0.0.1:9", Credentials.anonymous()));
    }

    /** ldn with its url (public), an accelerated endpoint and a VPC endpoint for region hz. */
    private GuardedRegistry withEndpoints(String name) {
        List<EndpointHandle> handles = new ArrayList<>();
        handles.add(handle(name, EndpointHandle.DEFAULT, EndpointKind.PUBLIC, List.of()));
        handles.add(handle(name, "accelerated", EndpointKind.ACCELERATED, List.of()));
        handles.add(handle(name, "vpc", EndpointKind.VPC, List.of("hz")));
        return plain(name).withEndpoints(handles);
    }

    private EndpointHandle handle(String registry, String name, EndpointKind kind, List<String> reachableFrom) {
        return new EndpointHandle(name, kind, reachableFrom, Prior.UNKNOWN_LINK.forKind(kind), new GuardedRegistry(2,
                registry, name, client(), guards.forEndpoint(registry, name), null, estimates.meter(registry, name)));
    }

    @Test
    void aRegistryWithOnlyItsUrlIsRoutedExactlyAsBefore() {
        MeasuredRouter router = new MeasuredRouter(new EndpointChoice(Optional.of("ldn")));
        assertThat(router.route(plain("hz"), plain("ldn"), PathRule.ANY))
                .isEqualTo(new DirectRouter().route(plain("hz"), plain("ldn")));
    }

    @Test
    void measuredFiguresWinOverPriorsAndTheReasonSaysWhy() {
        GuardedRegistry ldn = withEndpoints("ldn");
        estimates.meter("ldn", "accelerated").rtt(22_000_000);
        estimates.meter("ldn", "accelerated").body(38_000_000, 1_000_000_000);
        estimates.meter("ldn", "default").rtt(151_000_000);
        estimates.meter("ldn", "default").body(4_000_000, 1_000_000_000);
        Route route = new MeasuredRouter(new EndpointChoice(Optional.of("ldn"))).route(plain("hz"), ldn, PathRule.ANY);
        assertThat(route).isInstanceOf(Route.Direct.class);
        assertThat(route.destination()).isEqualTo("ldn/accelerated");
        assertThat(route.source()).isEqualTo("hz/default");
        assertThat(route.reason()).isEqualTo("accelerated 38 MB/s 22 ms vs default 4.0 MB/s 151 ms");
    }

    @Test
    void noAllowedUsableEndpointIsNoPathNamingEachAndWhy() {
        Route route = new MeasuredRouter(new EndpointChoice(Optional.of("ldn"))).route(plain("hz"),
                withEndpoints("ldn"), new PathRule(List.of("vpc"), List.of()));
        assertThat(route).isInstanceOf(Route.NoPath.class);
        assertThat(route.reason()).contains("default: not in paths.require [vpc]")
                .contains("accelerated: not in paths.require [vpc]")
                .contains("vpc: not reachable from region ldn (reachable only from [hz])");
        assertThatThrownBy(() -> new EndpointChoice(Optional.empty()).route(withEndpoints("ldn"),
                RepositoryName.parse("a/b"), 1, Work.TYPICAL_IMAGE, new PathRule(List.of(), List.of("public",
                        "accelerated")), Set.of()))
                .isInstanceOf(NoPathException.class).hasMessageContaining("this node has no region");
    }

    /** Fails calls until the breaker opens (at 50 % of the minimum number of calls). */
    private static void openBreaker(io.meridian.sync.resilience.RegistryGuard guard) {
        for (int i = 0; i < ResilienceSettings.DEFAULTS.minimumCalls(); i++) {
            try {
                guard.attempt(() -> {
                    throw new io.meridian.sync.oci.RetryableRegistryException("down", null);
                });
            } catch (RuntimeException expected) {
                // counted by the breaker
            }
        }
        assertThat(guard.circuitState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
    }

    @Test
    void aRetryLeavesTheEndpointThatFailedAndAnOpenBreakerForTheNextBest() {
        GuardedRegistry ldn = withEndpoints("ldn");
        EndpointChoice choice = new EndpointChoice(Optional.of("hz"));
        RepositoryName repo = RepositoryName.parse("a/b");
        Work blob = new Work(3, 50_000_000);
        assertThat(choice.route(ldn, repo, 1, blob, PathRule.ANY, Set.of()).registry().endpoint()).isEqualTo("vpc");
        assertThat(choice.route(ldn, repo, 2, blob, PathRule.ANY, Set.of("vpc")).registry().endpoint())
                .isEqualTo("accelerated");
        openBreaker(guards.forEndpoint("ldn", "accelerated"));
        assertThat(choice.route(ldn, repo, 3, blob, PathRule.ANY, Set.of("vpc")).registry().endpoint())
                .isEqualTo("default");
        // everything failed or open: the best is still tried rather than nothing
        assertThat(choice.route(ldn, repo, 4, blob, PathRule.ANY, Set.of("vpc", "default", "accelerated"))
                .registry().endpoint()).isEqualTo("vpc");
    }
}
