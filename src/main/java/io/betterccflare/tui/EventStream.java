package io.betterccflare.tui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one server-sent-events endpoint on a virtual thread and hands each {@code data:} payload to a sink,
 * reconnecting after a short pause when the stream ends or fails, until {@link #close()}. Thread-safe: close
 * may be called from any thread, more than once.
 */
final class EventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final long RECONNECT_MS = 2_000;

    private final HttpClient http;
    private final HttpRequest request;
    private final Consumer<String> sink;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicReference<InputStream> body = new AtomicReference<>();
    private final Thread reader;

    private EventStream(HttpClient http, HttpRequest request, Consumer<String> sink) {
        this.http = http;
        this.request = request;
        this.sink = sink;
        this.reader = Thread.ofVirtual().name("tui-events-" + request.uri().getPath()).unstarted(this::follow);
    }

    static EventStream open(HttpClient http, HttpRequest request, Consumer<String> sink) {
        EventStream stream = new EventStream(http, request, sink);
        stream.reader.start();
        return stream;
    }

    private void follow() {
        while (closed.getCount() > 0) {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                body.set(response.body());
                if (closed.getCount() == 0) {
                    response.body().close();
                    return;
                }
                if (response.statusCode() == 200) {
                    readEvents(response.body());
                } else {
                    response.body().close();
                }
            } catch (IOException | RuntimeException e) {
                if (closed.getCount() > 0) {
                    LOG.debug("Event stream {} interrupted: {}", request.uri().getPath(), e.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                if (closed.await(RECONNECT_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void readEvents(InputStream in) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null && closed.getCount() > 0) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        sink.accept(data.toString());
                        data.setLength(0);
                    }
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        InputStream in = body.get();
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("Closing event stream {}: {}", request.uri().getPath(), e.toString());
            }
        }
        reader.interrupt();
    }
}
