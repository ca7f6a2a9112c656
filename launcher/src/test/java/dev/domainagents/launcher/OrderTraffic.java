package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients placing orders continuously, each with an {@code Idempotency-Key}, as a careful
 * client does: a request whose answer was lost (connection refused or cut, 503) is kept and
 * sent again, with the same key and body, once the platform is back ({@link #resendUnanswered}).
 * Requests stop at a {@link #hold}, and a client whose answer was lost waits, as the
 * platform is down; all go on at {@link #release}. So a test can take the platform down
 * without clients spinning. Any other answer is an error the test reports.
 */
final class OrderTraffic implements AutoCloseable {
    static final List<String> SKUS = List.of("SKU-1", "SKU-2", "SKU-3");
    private static final List<String> PAYMENT_METHODS = List.of("card-ok", "card-ok", "card-ok", "card-declined", "card-flaky");

    private final HttpClientForTests http;
    private final String keyPrefix;
    private final Map<String, JsonObject> requests = new ConcurrentHashMap<>();
    private final Map<String, String> answered = new ConcurrentHashMap<>();
    private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Thread> clients = new ArrayList<>();
    private final Object gate = new Object();
    private boolean held;
    private int releases;
    private volatile boolean stopped;

    private OrderTraffic(HttpClientForTests http, String keyPrefix) {
        this.http = http;
        this.keyPrefix = keyPrefix;
    }

    /** Starts {@code clients} threads placing orders on {@code http}. */
    static OrderTraffic start(HttpClientForTests http, int clients) {
        return start(http, clients, "traffic");
    }

    /** The same, with keys {@code keyPrefix-1, keyPrefix-2, ...}: traffic to several nodes needs a prefix each. */
    static OrderTraffic start(HttpClientForTests http, int clients, String keyPrefix) {
        OrderTraffic traffic = new OrderTraffic(http, keyPrefix);
        for (int i = 0; i < clients; i++) {
            Thread client = new Thread(traffic::placeUntilStopped, "order-client-" + i);
            client.setDaemon(true);
            traffic.clients.add(client);
            client.start();
        }
        return traffic;
    }

    /** Orders answered 202 so far. */
    int accepted() {
        return answered.size();
    }

    /** Requests stop being sent (those in flight finish or fail) until {@link #release}. */
    void hold() {
        synchronized (gate) {
            held = true;
        }
    }

    void release() {
        synchronized (gate) {
            held = false;
            releases++;
            gate.notifyAll();
        }
    }

    /** Sends every request whose answer was lost again, with its key, until each is answered. */
    void resendUnanswered() {
        for (String key : List.copyOf(unanswered)) {
            if (send(key, requests.get(key))) {
                unanswered.remove(key);
            }
        }
    }

    /** Stops the clients, then resends until every request has its answer. */
    void finish() throws InterruptedException {
        stopped = true;
        release();
        for (Thread client : clients) {
            client.join();
        }
        resendUnanswered();
    }

    /** Every key sent, with the order id its request was answered with. */
    Map<String, String> ordersByKey() {
        return Map.copyOf(answered);
    }

    Set<String> unansweredKeys() {
        return Set.copyOf(unanswered);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Sends the request of {@code key} once more; answers the order id it got, or null. */
    String resend(String key) {
        HttpClientForTests.Response response = post(key, requests.get(key));
        return response.status() == 202 ? response.json().getString("orderId") : null;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        release();
        for (Thread client : clients) {
            client.join(5_000);
        }
    }

    private void placeUntilStopped() {
        Random random = new Random(Thread.currentThread().getName().hashCode());
        while (!stopped) {
            int release = awaitRelease(-1);
            if (stopped) {
                return;
            }
            String key = keyPrefix + "-" + sequence.incrementAndGet();
            JsonObject request = request(random, key);
            requests.put(key, request);
            if (!send(key, request)) {
                unanswered.add(key);
                awaitRelease(release);
            }
        }
    }

    /** True when answered; false when the answer was lost and the request must be sent again. */
    private boolean send(String key, JsonObject request) {
        HttpClientForTests.Response response;
        try {
            response = post(key, request);
        } catch (UncheckedIOException e) {
            return false;
        }
        if (response.status() == 503) {
            return false;
        }
        if (response.status() != 202) {
            errors.add(key + " answered " + response.status() + " " + response.body());
            return true;
        }
        String orderId = response.json().getString("orderId");
        String earlier = answered.putIfAbsent(key, orderId);
        if (earlier != null && !earlier.equals(orderId)) {
            errors.add(key + " answered order " + orderId + " after order " + earlier);
        }
        return true;
    }

    private HttpClientForTests.Response post(String key, JsonObject request) {
        return http.post("/orders", request.encode(), "Idempotency-Key", key, "Content-Type", "application/json");
    }

    /** Waits until not held and released more than {@code after} times; answers the count of releases. */
    private int awaitRelease(int after) {
        synchronized (gate) {
            while ((held || releases <= after) && !stopped) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return releases;
                }
            }
            return releases;
        }
    }

    private static JsonObject request(Random random, String key) {
        JsonArray items = new JsonArray();
        List<String> skus = new ArrayList<>(SKUS);
        int lines = 1 + random.nextInt(2);
        for (int i = 0; i < lines; i++) {
            items.add(new JsonObject().put("sku", skus.remove(random.nextInt(skus.size())))
                    .put("quantity", 1 + random.nextInt(3)).put("unitPrice", "2.50"));
        }
        return new JsonObject().put("customerId", "customer-" + key).put("items", items)
                .put("paymentMethod", PAYMENT_METHODS.get(random.nextInt(PAYMENT_METHODS.size())));
    }
}
