package io.meridian.sync.oci.listing;

import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v2/<name>/tags/list}, following Link pages when the registry sends them (distribution 2.8.2 sends
 * none and returns every tag, unsorted). The order is the registry's.
 */
public record TagList(RepositoryName repo, int maxPages) {

    public List<String> execute(RegistryHttp http) {
        Pager pager = new Pager(http, http.uri("/v2/" + repo.value() + "/tags/list"), Scopes.pull(repo),
                "list tags of " + http.endpoint().hostPort() + "/" + repo.value(), "tags", maxPages);
        List<String> tags = new ArrayList<>();
        pager.forEachRemaining(tags::add);
        return tags;
    }
}
