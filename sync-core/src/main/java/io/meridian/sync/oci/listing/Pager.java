package io.meridian.sync.oci.listing;

import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.internal.Errors;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Iterates a paginated listing ({@code _catalog} or {@code tags/list}) page by page, following {@code Link: <…>;
 * rel="next"} verbatim. Loop-safe: a page URL seen before, a page adding nothing new, or more than
 * {@code maxPages} pages end the iteration with an error instead of spinning.
 */
final class Pager implements Iterator<String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_PAGE_BYTES = 64 * 1024 * 1024;

    private final RegistryHttp http;
    private final Set<String> scopes;
    private final String action;
    private final String field;
    private final int maxPages;
    private final Set<String> seenPages = new HashSet<>();
    private URI nextPage;
    private List<String> current = List.of();
    private int index;
    private int pages;
    private String lastOfPreviousPage;
    private URI fallbackFirst;

    Pager(RegistryHttp http, URI first, Set<String> scopes, String action, String field, int maxPages) {
        this(http, first, null, scopes, action, field, maxPages);
    }

    /** {@code fallbackFirst}: the first page without {@code n}, for a registry that rejects our page size. */
    Pager(RegistryHttp http, URI first, URI fallbackFirst, Set<String> scopes, String action, String field,
          int maxPages) {
        this.http = http;
        this.nextPage = first;
        this.fallbackFirst = fallbackFirst;
        this.scopes = scopes;
        this.action = action;
        this.field = field;
        this.maxPages = maxPages;
    }

    @Override
    public boolean hasNext() {
        while (index >= current.size()) {
            if (nextPage == null) {
                return false;
            }
            fetch();
        }
        return true;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.get(index++);
    }

    private void fetch() {
        URI page = nextPage;
        if (!seenPages.add(page.toString())) {
            throw new PermanentRegistryException(action + " failed: pagination loop, page " + page.getRawPath()
                    + " was already listed");
        }
        if (++pages > maxPages) {
            throw new PermanentRegistryException(action + " failed: more than " + maxPages + " pages");
        }
        HttpResponse<InputStream> resp;
        try {
            resp = http.expect(RegistryHttp.Request.of("GET", page, scopes, action), 200);
        } catch (PermanentRegistryException e) {
            if (fallbackFirst == null || e.status() != 400
                    || e.errorCode().filter(c -> c == OciErrorCode.PAGINATION_NUMBER_INVALID).isEmpty()) {
                throw e;
            }
            URI retry = fallbackFirst;
            fallbackFirst = null;
            nextPage = retry;
            fetch(); // the registry caps n below ours: let it choose the page size
            return;
        }
        fallbackFirst = null;
        JsonNode json;
        try (InputStream in = resp.body()) {
            byte[] body = in.readNBytes(MAX_PAGE_BYTES + 1);
            if (body.length > MAX_PAGE_BYTES) {
                throw new PermanentRegistryException(action + " failed: a page is larger than " + MAX_PAGE_BYTES + " bytes");
            }
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw Errors.fromIo(action, e);
        } catch (JacksonException e) {
            throw new PermanentRegistryException(action + " failed: page is not JSON");
        }
        List<String> items = new ArrayList<>();
        JsonNode arr = json.path(field);
        if (!arr.isMissingNode() && !arr.isNull() && !arr.isArray()) {
            throw new PermanentRegistryException(action + " failed: field '" + field + "' is not an array");
        }
        arr.forEach(n -> items.add(n.asString()));
        String link = LinkHeader.next(resp.headers().allValues("Link")).orElse(null);
        nextPage = link == null ? null : page.resolve(link);
        if (nextPage != null && (items.isEmpty()
                || (lastOfPreviousPage != null && lastOfPreviousPage.equals(items.get(items.size() - 1))))) {
            throw new PermanentRegistryException(action + " failed: pagination loop, a page with a next link added"
                    + " no new entries");
        }
        lastOfPreviousPage = items.isEmpty() ? lastOfPreviousPage : items.get(items.size() - 1);
        current = items;
        index = 0;
    }
}
