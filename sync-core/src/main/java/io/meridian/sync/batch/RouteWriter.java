package io.meridian.sync.batch;

import java.util.UUID;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The route step's writer: one chunk's routes on their tasks ({@link TaskRepository#pathWriter}), fenced — the
 * lease epoch is checked in the chunk's transaction, under a share lock on the execution's row.
 */
class RouteWriter implements ItemWriter<RoutedTask> {

    private final UUID executionId;
    private final ItemWriter<RoutedTask> paths;
    private final ExecutionFence fence;

    RouteWriter(UUID executionId, ItemWriter<RoutedTask> paths, ExecutionFence fence) {
        this.executionId = executionId;
        this.paths = paths;
        this.fence = fence;
    }

    @Override
    public void write(Chunk<? extends RoutedTask> chunk) {
        fence.write(executionId, () -> {
            try {
                paths.write(chunk);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("routes of execution " + executionId + ": " + e.getMessage(), e);
            }
        });
    }
}
