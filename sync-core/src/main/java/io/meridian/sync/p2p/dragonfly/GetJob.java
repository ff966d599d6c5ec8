package io.meridian.sync.p2p.dragonfly;

import io.meridian.sync.p2p.internal.EngineHttp;
import java.util.List;

/** {@code GET /oapi/v1/jobs/{id}}: the job's state and result (see {@link DragonflyJob}). */
public record GetJob(long id) {

    public DragonflyJob execute(EngineHttp http) {
        String action = "get Dragonfly job " + id;
        EngineHttp.Answer a = http.send("GET", CreatePreheatJob.PATH + "/" + id, null, action, List.of());
        return DragonflyJob.parse(http.expectJson(a, action, List.of(), 200));
    }
}
