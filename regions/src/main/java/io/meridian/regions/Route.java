package io.meridian.regions;

import java.util.ArrayList;
import java.util.List;

/**
 * A chosen path between two regions: the links in order and their total weight under the
 * {@link Weighting} that chose it. No links means source and target are the same region.
 */
public record Route(String from, String to, List<Link> links, double weight) {

    public Route {
        links = List.copyOf(links);
        String at = from;
        for (Link link : links) {
            if (!link.from().equals(at)) {
                throw new IllegalArgumentException("route links are not contiguous at " + link);
            }
            at = link.to();
        }
        if (!at.equals(to)) {
            throw new IllegalArgumentException("route ends at " + at + ", not " + to);
        }
    }

    /** Every region on the way, both ends included. */
    public List<String> regions() {
        List<String> regions = new ArrayList<>(links.size() + 1);
        regions.add(from);
        links.forEach(l -> regions.add(l.to()));
        return regions;
    }

    /** The regions in between, where an artifact lands and is forwarded. */
    public List<String> relays() {
        List<String> regions = regions();
        return regions.size() <= 2 ? List.of() : regions.subList(1, regions.size() - 1);
    }

    public boolean isDirect() {
        return links.size() == 1;
    }
}
