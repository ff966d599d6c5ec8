package io.meridian.sync.oci.listing;

import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** {@code GET /v2/_catalog?n=<pageSize>}, paginated lazily: the stream fetches a page when it needs one. */
public record Catalog(int pageSize, int maxPages) {

    public Stream<RepositoryName> execute(RegistryHttp http) {
        Pager pager = new Pager(http, http.uri("/v2/_catalog?n=" + pageSize), http.uri("/v2/_catalog"), Scopes.catalog(),
                "list catalog of " + http.endpoint().hostPort(), "repositories", maxPages);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pager, Spliterator.ORDERED | Spliterator.NONNULL),
                false).map(RepositoryName::parse);
    }
}
