package io.meridian.sync.batch;

import java.util.UUID;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Records a chunk of preheats on their tasks, one JDBC batch, fenced by the execution's lease epoch. */
class PreheatWriter implements ItemWriter<PreheatOutcome> {

    private final UUID executionId;
    private final PreheatRepository repository;
    private final ExecutionFence fence;

    PreheatWriter(UUID executionId, PreheatRepository repository, ExecutionFence fence) {
        this.executionId = executionId;
        this.repository = repository;
        this.fence = fence;
    }

    @Override
    public void write(Chunk<? extends PreheatOutcome> chunk) {
        fence.write(executionId, () -> repository.record(java.util.List.copyOf(chunk.getItems())));
    }
}
