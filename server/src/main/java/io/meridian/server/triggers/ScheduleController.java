package io.meridian.server.triggers;

import io.meridian.server.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/policies/{name}/schedule}: a cron policy's next and previous run. */
@RestController
@Tag(name = "policies")
public class ScheduleController {

    private final CronSchedules schedules;

    public ScheduleController(CronSchedules schedules) {
        this.schedules = schedules;
    }

    @GetMapping("/api/v1/policies/{name}/schedule")
    @Operation(summary = "The cron schedule of a policy (404 when it has none)")
    public ScheduleView schedule(@PathVariable("name") String name) {
        return schedules.describe(name).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, null,
                "policy '" + name + "' is not scheduled (it does not exist or its trigger is not cron)"));
    }
}
