package io.meridian.sync.batch;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Records a chunk of preheats on their tasks, one JDBC batch. */
final class PreheatWriter implements ItemWriter<PreheatOutcome> {

    private final PreheatRepository repository;

    PreheatWriter(PreheatRepository repository) {
        this.repository = repository;
    }

    @Override
    public void write(Chunk<? extends PreheatOutcome> chunk) {
        repository.record(java.util.List.copyOf(chunk.getItems()));
    }
}
