import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Omnichannel webhook delivery (bench/run scenario 11). A receiver on loopback (Vert.x, in this JVM) gets the host's
 * {@code Message} events; the host's webhook is pointed at it through the settings API. Two phases:
 *
 * <ol>
 * <li>sustained: visitor messages at {@code --rate} per second for {@code --seconds} (one in flight per room, over
 *     the seeded open rooms), paced open-loop: every 2 ms the sends the schedule has due by then, never a burst to
 *     catch up after a stall (a late tick sends at most 20 ms' worth and skips the rest, as it skips a send due
 *     while {@link #CONNECTIONS} are in flight: {@code late});
 *     each sent after the first {@code --warmup} seconds is timed from writing its request (after it got a
 *     connection: {@code wait_max_us} is the longest a send waited for one) to its event's arrival (change to
 *     delivery: p50, p99, max); the
 *     rate is sustained when the events delivered per second in that window match the sends answered per second
 *     and the events pending (answered sends not yet delivered) stay flat: {@code pending_max} over the second
 *     half of the window, {@code pending_end} when sending stops. At the end it prints the p99 of each second's
 *     sends and where the slowest 1% spent their time (before and after their request's answer);</li>
 * <li>backlog: the receiver answers 503 while {@code --backlog} messages are sent (as fast as 256 in flight allow:
 *     the recording rate; a failed send frees its place, and {@code backlog=} counts the recorded ones), then 200;
 *     the drain rate is the backlog over the time from its first delivered event to its last, and the resumption the time from the switch to that first event. Both waits print their progress
 *     every 5 s; at the end the host's {@code webhooks.backlog} says how many events still wait.</li>
 * </ol>
 *
 *   java -cp core/target/switchboard.jar bench/WebhookBench.java --url http://127.0.0.1:3000 --admin-token T
 *        [--rooms 10000] [--rate 5000] [--seconds 15] [--warmup 0] [--backlog 1000000] [--receiver-port 18090]
 *
 * The host should run with {@code --webhook-max-backoff 1}, so the backlog phase measures the drain, not the wait for
 * the next try. Prints {@code WEBHOOK_RESULT sent= delivered= sent_per_s= events_per_s= pending_end= pending_max=
 * p50_us= p99_us= max_us= out_of_order= duplicates= backlog= recorded_per_s= resume_ms= backlog_delivered= drain_s=
 * drain_per_s= waiting_end= late= wait_max_us=}; exits 1 when events are missing. Leaves the webhook URL empty at the end.
 */
public final class WebhookBench {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The sustained phase's pacing tick. */
    private static final int TICK_MILLIS = 2;
    /** The most a late tick catches up: sends due in this many milliseconds (100 at 5,000/s). */
    private static final int CATCH_UP_MILLIS = 20;
    /**
     * Connections to the host, and the sustained phase's sends in flight at most: a send due while all are busy is
     * skipped ({@code late}), as queueing it in the client would send it later in a burst.
     */
    private static final int CONNECTIONS = 512;
    /** Makes this run's message ids new to the store (a repeated id is an idempotent resend: no event). */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    /**
     * By timed send (its index, in its message id): when its request was written (ns, 0 until then), when it was
     * answered (µs after that, -1 until then) and its change-to-delivery time (µs, -1 until delivered). Arrays, not
     * maps by id: maps of every send grew this JVM's live heap by 70 MB a minute, and its young collections to
     * 30-50 ms pauses that stalled the receiver and the pacing timer and showed up as the host's tail.
     */
    private static AtomicLongArray writtenAt;
    private static AtomicLongArray answeredAfter;
    private static AtomicLongArray latency;
    private static final AtomicLong delivered = new AtomicLong();
    private static final AtomicLong waitMax = new AtomicLong();
    private static volatile long measuredFrom = Long.MAX_VALUE;
    /** By backlog send (its index): whether its event arrived, so a second one counts as a duplicate. */
    private static AtomicIntegerArray backlogSeen;
    /** By room: the last message number delivered, for the order check. */
    private static AtomicIntegerArray lastSeen;
    private static final AtomicLong duplicates = new AtomicLong();
    private static final AtomicLong outOfOrder = new AtomicLong();
    private static final AtomicInteger status = new AtomicInteger(200);
    private static final AtomicLong backlogFirst = new AtomicLong();
    private static final AtomicLong backlogLast = new AtomicLong();
    private static final AtomicLong backlogDelivered = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String base = option(args, "--url", "http://127.0.0.1:3000");
        String admin = option(args, "--admin-token", null);
        int rooms = Integer.parseInt(option(args, "--rooms", "10000"));
        int rate = Integer.parseInt(option(args, "--rate", "5000"));
        int seconds = Integer.parseInt(option(args, "--seconds", "15"));
        int warmup = Integer.parseInt(option(args, "--warmup", "0"));
        int backlog = Integer.parseInt(option(args, "--backlog", "1000000"));
        int receiverPort = Integer.parseInt(option(args, "--receiver-port", "18090"));
        int timedCapacity = rate * (seconds + 1) + rate * CATCH_UP_MILLIS / 1000 + 1;
        writtenAt = new AtomicLongArray(timedCapacity);
        answeredAfter = filled(timedCapacity);
        latency = filled(timedCapacity);
        backlogSeen = new AtomicIntegerArray(backlog);
        lastSeen = new AtomicIntegerArray(rooms + 1);
        Vertx vertx = Vertx.vertx();
        HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            // One read per request: an event counted as received is the one answered 200, even at the switch.
            int answer = status.get();
            if (answer == 200) {
                receive(request.getHeader("X-Switchboard-Event-Id"), body);
            }
            request.response().setStatusCode(answer).end();
        }));
        receiver.listen(receiverPort, "127.0.0.1").await();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS));
        try {
            setting(client, base, admin, "Livechat_webhookUrl", "\"http://127.0.0.1:" + receiverPort + "/hook\"");
            setting(client, base, admin, "Livechat_secret_token", "\"bench-webhook-secret\"");
            setting(client, base, admin, "Livechat_webhook_on_visitor_message", "true");

            // Every send starts on one context, where the per-room counters and in-flight flags live.
            Context context = vertx.getOrCreateContext();
            long[] counters = new long[rooms + 1];
            boolean[] inFlight = new boolean[rooms + 1];
            AtomicInteger next = new AtomicInteger();
            // Sustained phase, open loop: each tick sends what the schedule (rate per second since the start) has
            // due. Vert.x runs a periodic timer's missed ticks back to back, and sending all that a stall left due
            // would be a burst above the rate (up to 9k/s at the end of the warm-up): at most CATCH_UP_MILLIS' worth go,
            // enough to absorb a timer's ordinary lateness on two busy cores, too little to be a burst.
            AtomicLong sent = new AtomicLong();
            AtomicLong begun = new AtomicLong();
            AtomicLong late = new AtomicLong();
            AtomicInteger outstanding = new AtomicInteger();
            long[] scheduled = {0}; // sends the schedule has had due so far: begun and skipped
            long perTickMax = Math.max(1, (long) rate * CATCH_UP_MILLIS / 1000);
            long started = System.nanoTime();
            measuredFrom = started + TimeUnit.SECONDS.toNanos(warmup); // the times: of sends after the warm-up
            java.util.concurrent.CompletableFuture<Long> timer = new java.util.concurrent.CompletableFuture<>();
            context.runOnContext(v -> timer.complete(vertx.setPeriodic(TICK_MILLIS, id -> {
                long due = (System.nanoTime() - started) * rate / 1_000_000_000L - scheduled[0];
                for (long i = 0; i < due; i++) {
                    int room = i < perTickMax && outstanding.get() < CONNECTIONS ? freeRoom(next, inFlight, rooms)
                            : -1;
                    if (room < 0) {
                        late.addAndGet(due - i);
                        break;
                    }
                    long index = begun.getAndIncrement();
                    if (index >= timedCapacity) {
                        late.addAndGet(due - i);
                        break;
                    }
                    outstanding.incrementAndGet();
                    send(client, base, room, ++counters[room], inFlight, sent, "s", (int) index,
                            outstanding::decrementAndGet);
                }
                scheduled[0] += Math.max(0, due);
            })));
            long pendingMax = 0;
            // The rates count the measured part only: the sends, deliveries and skips after the warm-up (the
            // second half when there is none), while the host's compilers are done warming up.
            int measuredFromSecond = warmup > 0 && warmup < seconds ? warmup : seconds / 2;
            long[] atMeasured = {0, 0, 0, started};
            for (int second = 0; second < seconds; second++) {
                if (second == measuredFromSecond) {
                    atMeasured[0] = sent.get();
                    atMeasured[1] = delivered.get();
                    atMeasured[2] = late.get();
                    atMeasured[3] = System.nanoTime();
                }
                Thread.sleep(1000);
                long arrived = delivered.get();
                // Answered sends whose events have not arrived: flat (not growing) while the rate is sustained.
                long pending = Math.max(0, sent.get() - arrived);
                if (second >= measuredFromSecond) {
                    pendingMax = Math.max(pendingMax, pending);
                }
                System.err.printf("second %d: %d sent, %d delivered, %d pending, %d late%n", second + 1,
                        sent.get(), arrived, pending, late.get());
            }
            context.runOnContext(v -> vertx.cancelTimer(timer.join()));
            double sendSeconds = (System.nanoTime() - atMeasured[3]) / 1e9;
            long sentInWindow = sent.get() - atMeasured[0];
            long deliveredInWindow = delivered.get() - atMeasured[1];
            long lateInWindow = late.get() - atMeasured[2];
            long pendingEnd = Math.max(0, sent.get() - delivered.get());
            int timedSends = (int) Math.min(begun.get(), timedCapacity);
            awaitDelivered(() -> sent.get() >= timedSends, 30); // the sends still in flight
            awaitDelivered(() -> delivered.get() >= sent.get(), 30);
            long[] times = measured(timedSends).map(i -> latency.get((int) i)).sorted().toArray();
            tail(started, timedSends, quantile(times, 0.99));

            // Backlog phase: the receiver is down while the backlog is recorded.
            status.set(503);
            AtomicLong queued = new AtomicLong(); // answered 200: recorded
            AtomicLong answered = new AtomicLong(); // answered at all: a failed send frees its place too
            long[] issued = {0};
            Runnable[] pump = new Runnable[1];
            pump[0] = () -> { // up to 256 sends in flight, each completion sends the next
                while (issued[0] - answered.get() < 256 && issued[0] < backlog) {
                    int room = freeRoom(next, inFlight, rooms);
                    if (room < 0) {
                        return;
                    }
                    issued[0]++;
                    send(client, base, room, ++counters[room], inFlight, queued, "b", (int) issued[0] - 1, () -> {
                        answered.incrementAndGet();
                        pump[0].run();
                    });
                }
            };
            long recordingFrom = System.nanoTime();
            context.runOnContext(v -> pump[0].run());
            watch("recording", answered::get, backlog, Math.max(600, backlog / 500));
            double recordSeconds = (System.nanoTime() - recordingFrom) / 1e9;
            long switched = System.nanoTime();
            status.set(200);
            watch("draining", backlogDelivered::get, queued.get(), Math.max(120, backlog / 1000));
            double drainSeconds = Math.max(1e-3, (backlogLast.get() - backlogFirst.get()) / 1e9);
            long resumeMillis = backlogFirst.get() == 0 ? -1 : (backlogFirst.get() - switched) / 1_000_000;
            long waitingEnd = waiting(client, base, admin);

            System.out.printf("WEBHOOK_RESULT sent=%d delivered=%d sent_per_s=%.0f events_per_s=%.0f "
                            + "pending_end=%d pending_max=%d p50_us=%d p99_us=%d max_us=%d out_of_order=%d "
                            + "duplicates=%d backlog=%d recorded_per_s=%.0f resume_ms=%d backlog_delivered=%d "
                            + "drain_s=%.1f drain_per_s=%.0f waiting_end=%d late=%d wait_max_us=%d%n",
                    sent.get(), delivered.get(), sentInWindow / sendSeconds, deliveredInWindow / sendSeconds,
                    pendingEnd, pendingMax, quantile(times, 0.50),
                    quantile(times, 0.99), times.length == 0 ? 0 : times[times.length - 1], outOfOrder.get(),
                    duplicates.get(), queued.get(), queued.get() / recordSeconds, resumeMillis, backlogDelivered.get(),
                    drainSeconds, backlogDelivered.get() / drainSeconds, waitingEnd, lateInWindow, waitMax.get());
            if (delivered.get() < sent.get() || queued.get() < backlog || backlogDelivered.get() < queued.get()) {
                System.exit(1);
            }
        } finally {
            setting(client, base, admin, "Livechat_webhookUrl", "\"\"");
            vertx.close().await();
        }
    }

    /** Notes an event: its change-to-delivery time, or its part of the backlog; duplicates and order per room. */
    private static void receive(String eventId, Buffer body) {
        long now = System.nanoTime();
        if (eventId == null) {
            duplicates.incrementAndGet(); // not deduplicable by a desk
            return;
        }
        try {
            JsonNode message = MAPPER.readTree(body.getBytes()).at("/messages/0");
            String id = message.path("_id").asText(); // <phase><index>x<run>x<room>x<n>
            String[] text = message.path("msg").asText().split("-"); // <room>-<n>
            int room = Integer.parseInt(text[0]);
            int n = Integer.parseInt(text[1]);
            if (lastSeen.getAndSet(room, n) > n) {
                outOfOrder.incrementAndGet();
            }
            int index = Integer.parseInt(id.substring(1, id.indexOf('x')));
            if (id.startsWith("s")) {
                long written = writtenAt.get(index);
                if (written == 0) {
                    System.err.println("an event before its request was written: " + id);
                    return;
                }
                if (!latency.compareAndSet(index, -1, (now - written) / 1000)) {
                    duplicates.incrementAndGet();
                    return;
                }
                delivered.incrementAndGet();
            } else if (id.startsWith("b")) {
                if (!backlogSeen.compareAndSet(index, 0, 1)) {
                    duplicates.incrementAndGet();
                    return;
                }
                backlogFirst.compareAndSet(0, now);
                backlogLast.set(now);
                backlogDelivered.incrementAndGet();
            }
        } catch (Exception e) {
            System.err.println("unreadable event: " + e);
        }
    }

    /** The indexes of the timed sends written after the warm-up. */
    private static java.util.stream.LongStream measured(int timedSends) {
        return java.util.stream.LongStream.range(0, timedSends)
                .filter(i -> writtenAt.get((int) i) >= measuredFrom && latency.get((int) i) >= 0);
    }

    /**
     * Where the tail comes from: the p99 of each second's timed sends (by the second they were sent in), and of the
     * sends at or over the overall p99, their median time to their request's answer and from it to delivery.
     */
    private static void tail(long started, int timedSends, long p99) {
        Map<Long, java.util.List<Long>> bySecond = new java.util.TreeMap<>();
        java.util.List<Long> toAnswer = new java.util.ArrayList<>();
        java.util.List<Long> afterAnswer = new java.util.ArrayList<>();
        measured(timedSends).forEach(i -> {
            long micros = latency.get((int) i);
            bySecond.computeIfAbsent((writtenAt.get((int) i) - started) / 1_000_000_000L,
                    s -> new java.util.ArrayList<>()).add(micros);
            long answer = answeredAfter.get((int) i);
            if (micros >= p99 && answer >= 0) {
                toAnswer.add(answer);
                afterAnswer.add(micros - answer); // negative: delivered before the answer
            }
        });
        StringBuilder seconds = new StringBuilder("p99 by second sent (ms):");
        bySecond.forEach((second, micros) -> seconds.append(String.format(" %d:%.1f", second + 1,
                quantile(micros.stream().mapToLong(Long::longValue).sorted().toArray(), 0.99) / 1000.0)));
        System.err.println(seconds);
        System.err.printf("slowest 1%% (%d sends, >= %.1f ms): median %.1f ms to the answer, %.1f ms from it to "
                        + "delivery%n", toAnswer.size(), p99 / 1000.0,
                quantile(toAnswer.stream().mapToLong(Long::longValue).sorted().toArray(), 0.5) / 1000.0,
                quantile(afterAnswer.stream().mapToLong(Long::longValue).sorted().toArray(), 0.5) / 1000.0);
    }

    private static AtomicLongArray filled(int length) {
        AtomicLongArray array = new AtomicLongArray(length);
        for (int i = 0; i < length; i++) {
            array.set(i, -1);
        }
        return array;
    }

    private static int freeRoom(AtomicInteger next, boolean[] inFlight, int rooms) {
        for (int tries = 0; tries < rooms; tries++) {
            int room = next.getAndIncrement() % rooms + 1;
            if (!inFlight[room]) {
                return room;
            }
        }
        return -1;
    }

    /**
     * One visitor message into seeded room {@code room}, the {@code index}th of its {@code phase} ({@code s} timed,
     * {@code b} backlog); {@code done} counts it once answered 200.
     */
    private static void send(HttpClient client, String base, int room, long n, boolean[] inFlight, AtomicLong done,
                             String phase, int index, Runnable then) {
        inFlight[room] = true;
        String id = phase + index + "x" + RUN + "x" + room + "x" + n;
        String body = "{\"token\":\"seed-" + room + "\",\"rid\":\"" + String.format("room%013d", room)
                + "\",\"msg\":\"" + room + "-" + n + "\",\"_id\":\"" + id + "\"}";
        long queued = System.nanoTime();
        boolean timed = phase.equals("s");
        request(client, base + "/api/v1/livechat/message", Map.of(), body, () -> {
            // Timed from here: the wait for one of the client's connections is the bench's, not the host's.
            long written = System.nanoTime();
            if (timed) {
                waitMax.accumulateAndGet((written - queued) / 1000, Math::max);
                writtenAt.set(index, written);
            }
        }).onComplete(answer -> {
            inFlight[room] = false;
            if (timed && writtenAt.get(index) != 0) {
                answeredAfter.set(index, (System.nanoTime() - writtenAt.get(index)) / 1000);
            }
            if (answer.succeeded() && answer.result() == 200) {
                done.incrementAndGet();
            } else {
                System.err.println("send failed: " + (answer.succeeded() ? answer.result() : answer.cause()));
            }
            then.run();
        });
    }

    private static void setting(HttpClient client, String base, String admin, String id, String value)
            throws Exception {
        int code = request(client, base + "/api/v1/settings/" + id, Map.of("X-User-Id", "admin", "X-Auth-Token",
                admin), "{\"value\":" + value + "}", () -> { }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (code != 200) {
            throw new IllegalStateException("setting " + id + " answered " + code);
        }
    }

    /** POSTs {@code body}; {@code written} runs once the request has a connection, just before it is sent. */
    private static Future<Integer> request(HttpClient client, String url, Map<String, String> headers, String body,
                                           Runnable written) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json");
        headers.forEach(options::putHeader);
        return client.request(options).compose(request -> {
            written.run();
            return request.send(body);
        })
                .compose(response -> response.body().map(ignored -> response.statusCode()));
    }

    /** Waits until {@code done} reaches {@code target} (at most {@code seconds}), telling its progress every 5 s. */
    private static void watch(String phase, java.util.function.LongSupplier done, long target, int seconds)
            throws Exception {
        long from = System.nanoTime();
        long deadline = from + TimeUnit.SECONDS.toNanos(seconds);
        long nextReport = from + TimeUnit.SECONDS.toNanos(5);
        long before = 0;
        while (done.getAsLong() < target && System.nanoTime() < deadline) {
            Thread.sleep(10);
            if (System.nanoTime() >= nextReport) {
                long now = done.getAsLong();
                System.err.printf("%s: %d of %d after %.0f s (%d/s over the last 5 s)%n", phase, now, target,
                        (System.nanoTime() - from) / 1e9, (now - before) / 5);
                before = now;
                nextReport += TimeUnit.SECONDS.toNanos(5);
            }
        }
    }

    /** The host's count of events not yet delivered ({@code webhooks.backlog}), or -1 when it does not answer. */
    private static long waiting(HttpClient client, String base, String admin) {
        try {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                    .setAbsoluteURI(base + "/api/v1/livechat/webhooks.backlog")
                    .putHeader("X-User-Id", "admin").putHeader("X-Auth-Token", admin);
            Buffer body = client.request(options).compose(request -> request.send())
                    .compose(response -> response.body()).toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            return MAPPER.readTree(body.getBytes()).path("waiting").asLong(-1);
        } catch (Exception e) {
            System.err.println("webhooks.backlog did not answer: " + e);
            return -1;
        }
    }

    private static void awaitDelivered(java.util.function.BooleanSupplier done, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static long quantile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static String option(String[] args, String name, String fallback) {
        int at = Arrays.asList(args).indexOf(name);
        return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
    }
}
