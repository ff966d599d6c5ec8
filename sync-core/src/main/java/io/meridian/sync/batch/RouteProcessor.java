package io.meridian.sync.batch;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.route.Router;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** The route step's processor: asks the {@link Router} how one pending task travels. */
class RouteProcessor implements ItemProcessor<TaskRow, RoutedTask> {

    private final Router router;
    private final ResolvedExecution execution;

    RouteProcessor(Router router, ResolvedExecution execution) {
        this.router = router;
        this.execution = execution;
    }

    @Override
    public RoutedTask process(TaskRow task) {
        CrashPoints.reach("route.processed", task.id()); // inside the route chunk's transaction
        return new RoutedTask(task.id(), router.route(execution.source(),
                execution.destination(task.destinationRegistryId()), execution.paths(task.destinationRegistryId())));
    }
}
