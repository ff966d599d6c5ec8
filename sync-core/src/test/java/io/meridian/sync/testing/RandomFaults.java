package io.meridian.sync.testing;

import io.meridian.sync.testing.FaultProxy.Fault;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults a share of requests at random, from a seed, choosing among the faults that fit the request: any request
 * can get 503/502, 429 with {@code Retry-After} or a reset before it is answered; a GET's body can be cut short under
 * its {@code Content-Length}, get one flipped byte or (when asked for) stall past the read-idle timeout; an upload (PATCH/PUT with a body) can be reset mid-body, get one
 * flipped byte on its way to the registry (which then answers {@code DIGEST_INVALID}), or be applied by the registry
 * with its answer lost. The same seed faults the same sequence of requests (their interleaving across threads is
 * the scheduler's).
 */
public final class RandomFaults implements FaultProxy.FaultPicker {

    private final Random random;
    private final double rate;
    private final java.time.Duration stall;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> applied = new ConcurrentHashMap<>();

    /** @param rate share of requests faulted, e.g. 0.08 */
    public RandomFaults(long seed, double rate) {
        this(seed, rate, null);
    }

    /**
     * @param stall null, or how long a GET body may also stall mid-way before its connection is reset: longer than
     *              the client's read-idle timeout to test that timeout
     */
    public RandomFaults(long seed, double rate, java.time.Duration stall) {
        this.random = new Random(seed);
        this.rate = rate;
        this.stall = stall;
    }

    @Override
    public Fault pick(String method, String target) {
        requests.incrementAndGet();
        Fault fault;
        synchronized (random) {
            if (target.equals("/v2/") || random.nextDouble() >= rate) {
                return null; // the version check is left alone: it is how a client first finds the registry
            }
            List<Fault> fitting = fitting(method, target);
            fault = fitting.get(random.nextInt(fitting.size()));
        }
        applied.computeIfAbsent(fault.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
        return fault;
    }

    private List<Fault> fitting(String method, String target) {
        boolean upload = (method.equals("PATCH") || method.equals("PUT")) && target.contains("/blobs/uploads/");
        boolean bodyGet = method.equals("GET") && (target.contains("/blobs/") || target.contains("/manifests/"));
        Fault common = switch (random.nextInt(4)) {
            case 0 -> FaultProxy.status(503);
            case 1 -> FaultProxy.status(502, "UNAVAILABLE");
            case 2 -> new FaultProxy.Throttle(1);
            default -> FaultProxy.resetMidBody(0);
        };
        if (upload) {
            return List.of(common, FaultProxy.resetMidBody(1 + random.nextInt(64)),
                    new FaultProxy.CorruptRequest(random.nextInt(64)), new FaultProxy.LostAnswer());
        }
        if (bodyGet) {
            Fault cut = FaultProxy.cutResponse(random.nextInt(96));
            Fault corrupt = FaultProxy.corruptResponse(random.nextInt(96));
            return stall == null ? List.of(common, cut, corrupt)
                    : List.of(common, cut, corrupt, new FaultProxy.StallResponse(random.nextInt(96), stall));
        }
        if (method.equals("PUT") || method.equals("POST")) {
            return List.of(common, new FaultProxy.LostAnswer());
        }
        return List.of(common);
    }

    /** Requests seen so far. */
    public long requests() {
        return requests.get();
    }

    /** Faults applied so far, by kind ({@code Status}, {@code Throttle}, {@code LostAnswer}, …). */
    public Map<String, Long> applied() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        applied.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
