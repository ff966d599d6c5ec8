package io.meridian.server.triggers;

import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Cron policies on the real server: Quartz (clustered JDBC store) fires them, follows edits and deletes. */
class CronTriggerTest extends ServerTestBase {

    private static LocalRegistry source;
    private static LocalRegistry destination;

    @Autowired
    Scheduler scheduler;
    @Autowired
    ScheduleReconciler reconciler;

    @BeforeAll
    static void registries() {
        source = LocalRegistry.anonymous();
        destination = LocalRegistry.anonymous();
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        jdbc.update("INSERT INTO regions (name) VALUES ('cron-region') ON CONFLICT DO NOTHING");
        for (String[] r : List.of(new String[] {"cron-src", source.url()}, new String[] {"cron-dst", destination.url()})) {
            jdbc.update("""
                    INSERT INTO registries (name, region_id, url, insecure)
                    SELECT ?, id, ?, true FROM regions WHERE name = 'cron-region'""", r[0], r[1]);
        }
    }

    @AfterAll
    static void stopRegistries() {
        source.close();
        destination.close();
    }

    private static String policy(String name, String trigger) {
        return "{\"name\":\"" + name + "\",\"source\":{\"registry\":\"cron-src\",\"repositories\":[\"cron/**\"]},"
                + "\"destinations\":[{\"registry\":\"cron-dst\"}],\"trigger\":" + trigger + "}";
    }

    private static String cron(String expression) {
        return "{\"type\":\"cron\",\"cron\":\"" + expression + "\"}";
    }

    private boolean jobExists(String policy) {
        try {
            return scheduler.checkExists(JobKey.jobKey(policy, CronSchedules.GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<UUID> executions(String policy, String trigger) {
        return new JdbcTemplate(DB.dataSource()).queryForList(
                "SELECT id FROM executions WHERE policy_name = ? AND trigger = ? ORDER BY created_at", UUID.class, policy, trigger);
    }

    private boolean active(String policy) {
        return new JdbcTemplate(DB.dataSource()).queryForObject("""
                SELECT count(*) FROM executions WHERE policy_name = ? AND status IN ('QUEUED', 'RUNNING', 'STOPPING')""",
                Long.class, policy) > 0;
    }

    @Test
    void everySecondPolicyGetsAScheduledExecutionAndSwitchingToManualUnschedules() {
        HttpResponse<String> created = postJson("/api/v1/policies", policy("cron-every-second", cron("*/2 * * * * ?")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        UUID first = Await.until("a scheduled execution of cron-every-second", Duration.ofSeconds(30),
                () -> executions("cron-every-second", "schedule").stream().findFirst());
        JsonNode execution = Await.until("execution " + first + " to finish", Duration.ofSeconds(60), () -> {
            JsonNode view = json(get("/api/v1/executions/" + first));
            return List.of("QUEUED", "RUNNING", "STOPPING").contains(view.get("status").asString())
                    ? Optional.empty() : Optional.of(view);
        });
        assertThat(execution.get("status").asString()).as(execution.toString()).isEqualTo("SUCCEEDED");
        assertThat(execution.get("trigger").asString()).isEqualTo("schedule");

        JsonNode schedule = Await.until("a previous fire time in the schedule", Duration.ofSeconds(10), () -> {
            JsonNode s = json(get("/api/v1/policies/cron-every-second/schedule"));
            return s.hasNonNull("previousRunAt") ? Optional.of(s) : Optional.empty();
        });
        assertThat(schedule.get("cron").asString()).isEqualTo("*/2 * * * * ?");
        assertThat(schedule.get("timeZone").asString()).isEqualTo("UTC");
        assertThat(schedule.get("misfirePolicy").asString()).isEqualTo("fire-once-now");
        Instant next = Instant.parse(schedule.get("nextRunAt").asString());
        assertThat(next).isBetween(Instant.now().minusSeconds(2), Instant.now().plusSeconds(3));

        HttpResponse<String> manual = putJson("/api/v1/policies/cron-every-second",
                policy("cron-every-second", "{\"type\":\"manual\"}"));
        assertThat(manual.statusCode()).as(manual.body()).isEqualTo(200);
        assertThat(jobExists("cron-every-second")).as("Quartz job after switching to manual").isFalse();
        problem(get("/api/v1/policies/cron-every-second/schedule"), 404);

        Await.until("the last scheduled run to end", Duration.ofSeconds(60), () -> !active("cron-every-second"));
        int runs = executions("cron-every-second", "schedule").size();
        // a manual trigger still works, and Quartz adds nothing meanwhile
        HttpResponse<String> triggered = postJson("/api/v1/policies/cron-every-second/executions", "");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
        Await.until("the manual run to end", Duration.ofSeconds(60), () -> !active("cron-every-second"));
        assertThat(executions("cron-every-second", "schedule")).hasSize(runs);
    }

    @Test
    void cronIsEvaluatedInUtcAndFollowsEditsAndDeletion() throws SchedulerException {
        assertThat(postJson("/api/v1/policies", policy("cron-nightly", cron("0 0 3 * * ?"))).statusCode()).isEqualTo(201);
        JsonNode schedule = json(get("/api/v1/policies/cron-nightly/schedule"));
        ZonedDateTime next = Instant.parse(schedule.get("nextRunAt").asString()).atZone(ZoneOffset.UTC);
        assertThat(next.getHour()).as("03:00 UTC, whatever the JVM's zone: " + next).isEqualTo(3);
        assertThat(next.getMinute()).isZero();
        assertThat(schedule.get("previousRunAt").isNull()).isTrue();
        CronTrigger trigger = (CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("cron-nightly", CronSchedules.GROUP));
        assertThat(trigger.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);

        assertThat(putJson("/api/v1/policies/cron-nightly", policy("cron-nightly", cron("0 30 4 * * ?"))).statusCode())
                .isEqualTo(200);
        ZonedDateTime moved = Instant.parse(json(get("/api/v1/policies/cron-nightly/schedule")).get("nextRunAt").asString())
                .atZone(ZoneOffset.UTC);
        assertThat(moved.getHour() * 60 + moved.getMinute()).isEqualTo(4 * 60 + 30);

        assertThat(delete("/api/v1/policies/cron-nightly").statusCode()).isEqualTo(204);
        assertThat(jobExists("cron-nightly")).as("Quartz job after deletion").isFalse();
        problem(get("/api/v1/policies/cron-nightly/schedule"), 404);
    }

    @Test
    void startUpReconciliationRestoresLostJobsAndRemovesStaleOnes() throws SchedulerException {
        assertThat(postJson("/api/v1/policies", policy("cron-drift", cron("0 0 5 * * ?"))).statusCode()).isEqualTo(201);
        scheduler.deleteJob(JobKey.jobKey("cron-drift", CronSchedules.GROUP));
        scheduler.addJob(JobBuilder.newJob(PolicyCronJob.class).withIdentity("cron-ghost", CronSchedules.GROUP)
                .storeDurably().build(), true);

        reconciler.reconcileAll();

        assertThat(jobExists("cron-drift")).isTrue();
        assertThat(jobExists("cron-ghost")).as("job of a policy that does not exist").isFalse();
        assertThat(json(get("/api/v1/policies/cron-drift/schedule")).get("cron").asString()).isEqualTo("0 0 5 * * ?");
    }

    @Test
    void aCronWithoutFutureFireTimesIsAcceptedButNotScheduled() {
        HttpResponse<String> created = postJson("/api/v1/policies", policy("cron-past", cron("0 0 0 1 1 ? 2020")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(jobExists("cron-past")).isFalse();
        problem(get("/api/v1/policies/cron-past/schedule"), 404);
        reconciler.reconcileAll(); // and it does not break start-up reconciliation
        assertThat(jobExists("cron-past")).isFalse();
    }

    @Test
    void scheduleOfAManualOrUnknownPolicyIs404() {
        assertThat(postJson("/api/v1/policies", policy("cron-manual", "{\"type\":\"manual\"}")).statusCode()).isEqualTo(201);
        problem(get("/api/v1/policies/cron-manual/schedule"), 404);
        problem(get("/api/v1/policies/cron-nobody/schedule"), 404);
        assertThat(getAnonymous("/api/v1/policies/cron-manual/schedule").statusCode()).isEqualTo(401);
    }
}
