package dev.domainagents.core.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a batch of events into groups that may be handled concurrently: two events are in one
 * group when they share a stream or a correlation id, directly or through other events of the
 * batch. Each group keeps the batch's (global) order, so per-stream order and per-flow order
 * (a saga's state) hold, while unrelated flows need not wait for each other.
 */
final class RelatedEvents {
    private final Map<String, String> parent = new HashMap<>();

    private RelatedEvents() {
    }

    static List<List<RecordedEvent>> groups(List<RecordedEvent> batch) {
        RelatedEvents related = new RelatedEvents();
        for (RecordedEvent event : batch) {
            String correlation = event.envelope().correlationId();
            if (correlation != null) {
                related.union(streamKey(event), "c:" + correlation);
            }
        }
        Map<String, List<RecordedEvent>> groups = new LinkedHashMap<>();
        for (RecordedEvent event : batch) {
            groups.computeIfAbsent(related.find(streamKey(event)), root -> new ArrayList<>()).add(event);
        }
        return List.copyOf(groups.values());
    }

    private static String streamKey(RecordedEvent event) {
        return "s:" + event.streamId();
    }

    private String find(String key) {
        String root = key;
        while (parent.containsKey(root)) {
            root = parent.get(root);
        }
        String next = key;
        while (!next.equals(root)) {
            String up = parent.get(next);
            parent.put(next, root);
            next = up;
        }
        return root;
    }

    private void union(String a, String b) {
        String rootA = find(a);
        String rootB = find(b);
        if (!rootA.equals(rootB)) {
            parent.put(rootA, rootB);
        }
    }
}
