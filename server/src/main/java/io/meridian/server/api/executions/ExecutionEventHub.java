package io.meridian.server.api.executions;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fans one execution's progress out to every event stream following it. Per followed execution
 * there is exactly one poller (one thread serves them all) that reads the execution and its tasks
 * through {@link ExecutionQueries} every {@value #TICK_MILLIS} ms, sends what changed to every
 * subscriber and the full picture to new ones, and stops when the execution ends or nobody
 * follows it any more. However many consoles watch, the database sees one reader per execution.
 */
@Component
public class ExecutionEventHub implements SmartLifecycle {

    static final long TICK_MILLIS = 500;
    /** A stream is closed after an hour; the console reconnects and gets the full picture again. */
    static final long STREAM_TIMEOUT_MILLIS = 3_600_000;
    /** Tasks sent per execution; the tasks API pages through the rest. */
    static final int MAX_TASKS = 5_000;
    private static final int PAGE = 500;
    private static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long THROUGHPUT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEventHub.class);

    private final ExecutionQueries queries;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meridian-execution-events");
        t.setDaemon(true);
        return t;
    });
    private final Map<UUID, Channel> channels = new HashMap<>();
    private volatile boolean running;

    public ExecutionEventHub(ExecutionQueries queries) {
        this.queries = queries;
    }

    /** A new stream of {@code id}'s events; its first events are the full current picture. */
    public SseEmitter subscribe(UUID id) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        Channel channel;
        synchronized (this) {
            channel = channels.get(id);
            if (channel == null) {
                channel = new Channel(id);
                channels.put(id, channel);
                channel.future = poller.scheduleWithFixedDelay(channel::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
            channel.pending.add(emitter);
        }
        Channel joined = channel;
        emitter.onCompletion(() -> leave(joined, emitter));
        emitter.onTimeout(() -> leave(joined, emitter));
        emitter.onError(e -> leave(joined, emitter));
        return emitter;
    }

    /** Executions followed right now (for tests and metrics). */
    synchronized int followed() {
        return channels.size();
    }

    private synchronized void leave(Channel channel, SseEmitter emitter) {
        channel.subscribers.remove(emitter);
        channel.pending.remove(emitter);
        if (channel.subscribers.isEmpty() && channel.pending.isEmpty()) {
            close(channel);
        }
    }

    private synchronized void close(Channel channel) {
        channels.remove(channel.id, channel);
        if (channel.future != null) {
            channel.future.cancel(false);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown (a higher phase stops first),
     * so a console left open does not hold the shutdown for its whole grace period.
     */
    @Override
    public void stop() {
        running = false;
        List<Channel> open;
        synchronized (this) {
            open = List.copyOf(channels.values());
        }
        for (Channel channel : open) {
            close(channel);
            poller.execute(channel::completeAll);
        }
        poller.shutdown();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** One followed execution: its subscribers and what they were last told. */
    private final class Channel {

        final UUID id;
        final List<SseEmitter> subscribers = new CopyOnWriteArrayList<>();
        final Queue<SseEmitter> pending = new ConcurrentLinkedQueue<>();
        final Map<Long, TaskView> tasks = new LinkedHashMap<>();
        final Deque<Sample> samples = new ArrayDeque<>();
        volatile ScheduledFuture<?> future;
        Object lastKey;
        long lastSent = System.nanoTime();

        Channel(UUID id) {
            this.id = id;
        }

        void tick() {
            try {
                Optional<ExecutionView> found = queries.find(id);
                if (found.isEmpty()) {
                    close(this);
                    completeAll();
                    return;
                }
                ExecutionView view = found.get();
                List<TaskView> changed = refreshTasks();
                ExecutionProgress progress = progress(view);
                Object key = List.of(view.status(), view.summary().artifacts(), view.summary().bytes(),
                        Objects.toString(view.error()));
                long now = System.nanoTime();
                boolean update = !key.equals(lastKey) || !changed.isEmpty();
                for (SseEmitter s : subscribers) {
                    for (TaskView task : changed) {
                        send(s, "task", task);
                    }
                    if (update) {
                        send(s, "execution", progress);
                    } else if (now - lastSent > KEEPALIVE_NANOS) {
                        comment(s);
                    }
                }
                if (update || now - lastSent > KEEPALIVE_NANOS) {
                    lastSent = now;
                }
                lastKey = key;
                welcomePending(progress);
                if (progress.finished()) {
                    close(this); // no new subscriber joins this channel from here on
                    welcomePending(progress);
                    for (SseEmitter s : subscribers) {
                        send(s, "end", progress);
                    }
                    completeAll();
                }
            } catch (RuntimeException e) {
                LOG.warn("following execution {} failed; its streams continue at the next tick: {}", id, e.toString());
            }
        }

        private void welcomePending(ExecutionProgress progress) {
            SseEmitter s;
            while ((s = pending.poll()) != null) {
                subscribers.add(s);
                for (TaskView task : tasks.values()) {
                    send(s, "task", task);
                }
                send(s, "execution", progress);
            }
        }

        private List<TaskView> refreshTasks() {
            List<TaskView> changed = new ArrayList<>();
            for (int page = 0; page * PAGE < MAX_TASKS; page++) {
                Page<TaskView> p = queries.tasks(id, null, page, PAGE);
                for (TaskView t : p.items()) {
                    if (!t.equals(tasks.put(t.id(), t))) {
                        changed.add(t);
                    }
                }
                if ((long) (page + 1) * PAGE >= p.total()) {
                    break;
                }
            }
            return changed;
        }

        private ExecutionProgress progress(ExecutionView view) {
            long now = System.nanoTime();
            List<ExecutionView.RegistryBytes> bytes = view.summary().bytes().byRegistry();
            samples.addLast(new Sample(now, bytes));
            while (samples.size() > 2 && now - samples.peekFirst().nanos() > THROUGHPUT_WINDOW_NANOS) {
                samples.removeFirst();
            }
            boolean finished = ExecutionProgress.terminal(view.status());
            Sample first = samples.peekFirst();
            double seconds = finished
                    ? Math.max(1, view.durationMillis() == null ? 0 : view.durationMillis()) / 1000.0
                    : (now - first.nanos()) / 1e9;
            List<ExecutionProgress.RegistryThroughput> registries = new ArrayList<>();
            for (ExecutionView.RegistryBytes b : bytes) {
                ExecutionView.RegistryBytes before = finished ? null : first.of(b.registry());
                long read = b.read() - (before == null ? 0 : before.read());
                long written = b.written() - (before == null ? 0 : before.written());
                registries.add(new ExecutionProgress.RegistryThroughput(b.registry(), b.read(), b.written(),
                        seconds > 0 ? read / seconds : 0, seconds > 0 ? written / seconds : 0));
            }
            return new ExecutionProgress(view.id(), view.policy(), view.status(), finished,
                    ExecutionProgress.progress(view), view.summary().artifacts(), view.summary().bytes().read(),
                    view.summary().bytes().written(), registries, view.durationMillis(), view.error());
        }

        private void send(SseEmitter emitter, String name, Object data) {
            try {
                emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                drop(emitter);
            }
        }

        private void comment(SseEmitter emitter) {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                drop(emitter);
            }
        }

        private void drop(SseEmitter emitter) {
            subscribers.remove(emitter);
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }

        private void completeAll() {
            for (SseEmitter s : subscribers) {
                drop(s);
            }
            SseEmitter s;
            while ((s = pending.poll()) != null) {
                drop(s);
            }
        }
    }

    /** Bytes per registry at one moment, for throughput over a short window. */
    private record Sample(long nanos, List<ExecutionView.RegistryBytes> bytes) {

        ExecutionView.RegistryBytes of(String registry) {
            for (ExecutionView.RegistryBytes b : bytes) {
                if (b.registry().equals(registry)) {
                    return b;
                }
            }
            return null;
        }
    }
}
