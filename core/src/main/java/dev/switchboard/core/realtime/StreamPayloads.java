package dev.switchboard.core.realtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.http.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How stream events travel between nodes as PostgreSQL notifications, which must stay under
 * {@code maxBytes} UTF-8 bytes each. A payload is {@code node:sequence:part/parts:body}. With one part, the body
 * is a JSON array of events ({@code [stream, eventName, args, origin]} each), as many as fit; an event too big for
 * one payload is cut into several parts of one such array, sent one after another, and put back together by the
 * receiver. Every payload carries its node's next sequence number, so two equal payloads are never merged by
 * PostgreSQL (it delivers identical notifications of one transaction once) and a lost part is noticed.
 */
final class StreamPayloads {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPayloads.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Room for {@code node:sequence:part/parts:} in front of a body. */
    private static final int HEADER_BYTES = 64;

    private StreamPayloads() { }

    /** Cuts a node's outgoing events into payloads; one instance per node, used from one thread. */
    static final class Encoder {
        private final String node;
        private final int maxBytes;
        private long sequence;

        Encoder(String node, int maxBytes) {
            this.node = node;
            this.maxBytes = maxBytes;
        }

        /** The payloads carrying {@code events}, in order. */
        List<String> encode(List<StreamEvent> events) {
            List<String> payloads = new ArrayList<>();
            int budget = maxBytes - HEADER_BYTES;
            StringBuilder batch = new StringBuilder("[");
            int batchBytes = 2;
            for (StreamEvent event : events) {
                String json = json(event);
                int bytes = utf8Length(json);
                if (batchBytes > 2 && batchBytes + 1 + bytes > budget) {
                    payloads.add(header(0, 1) + batch.append(']'));
                    batch = new StringBuilder("[");
                    batchBytes = 2;
                }
                if (bytes + 2 > budget) {
                    split("[" + json + "]", budget, payloads);
                    continue;
                }
                if (batchBytes > 2) {
                    batch.append(',');
                    batchBytes++;
                }
                batch.append(json);
                batchBytes += bytes;
            }
            if (batchBytes > 2) {
                payloads.add(header(0, 1) + batch.append(']'));
            }
            return payloads;
        }

        private void split(String body, int budget, List<String> payloads) {
            List<String> pieces = new ArrayList<>();
            int start = 0;
            while (start < body.length()) {
                int end = start;
                int bytes = 0;
                while (end < body.length()) {
                    int codePoint = body.codePointAt(end);
                    int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
                    if (bytes + size > budget) {
                        break;
                    }
                    bytes += size;
                    end += Character.charCount(codePoint);
                }
                pieces.add(body.substring(start, end));
                start = end;
            }
            for (int part = 0; part < pieces.size(); part++) {
                payloads.add(header(part, pieces.size()) + pieces.get(part));
            }
        }

        private String header(int part, int parts) {
            return node + ':' + (sequence++) + ':' + part + '/' + parts + ':';
        }
    }

    /** Puts payloads back into events; one instance per node, fed from the listener thread. */
    static final class Decoder {
        private final Map<String, Partial> partials = new HashMap<>();

        /** Reads one payload and hands each complete event to {@code sink}, in order. */
        void accept(String payload, Consumer<StreamEvent> sink) {
            String[] header = payload.split(":", 4);
            if (header.length < 4) {
                LOG.warn("Unreadable stream notification ignored");
                return;
            }
            String node = header[0];
            long sequence;
            int part;
            int parts;
            try {
                sequence = Long.parseLong(header[1]);
                int slash = header[2].indexOf('/');
                part = Integer.parseInt(header[2].substring(0, slash));
                parts = Integer.parseInt(header[2].substring(slash + 1));
            } catch (RuntimeException e) {
                LOG.warn("Unreadable stream notification ignored");
                return;
            }
            String body = header[3];
            if (parts == 1) {
                deliver(body, sink);
                return;
            }
            Partial partial = partials.get(node);
            if (part == 0) {
                partial = new Partial(parts);
                partials.put(node, partial);
            } else if (partial == null || partial.parts != parts || partial.nextPart != part
                    || partial.lastSequence + 1 != sequence) {
                partials.remove(node); // a part went missing (the listener reconnected): that event is lost
                return;
            }
            partial.body.append(body);
            partial.nextPart++;
            partial.lastSequence = sequence;
            if (partial.nextPart == parts) {
                partials.remove(node);
                deliver(partial.body.toString(), sink);
            }
        }

        /** Forgets half-received events (the listener reconnected, so their other parts are lost). */
        void reset() {
            partials.clear();
        }

        private static void deliver(String body, Consumer<StreamEvent> sink) {
            List<StreamEvent> events = new ArrayList<>();
            try {
                for (JsonNode event : MAPPER.readTree(body)) {
                    JsonNode origin = event.get(3);
                    events.add(new StreamEvent(event.get(0).asText(), event.get(1).asText(), event.get(2).toString(),
                            origin == null || origin.isNull() ? null : origin.asText()));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Unreadable stream notification ignored");
                return;
            }
            events.forEach(sink);
        }

        private static final class Partial {
            final int parts;
            final StringBuilder body = new StringBuilder();
            int nextPart;
            long lastSequence;

            Partial(int parts) {
                this.parts = parts;
            }
        }
    }

    /** {@code [stream, eventName, args, origin]}, with {@code args} copied as the JSON it already is. */
    static String json(StreamEvent event) {
        return JsonWriter.string(json -> {
            json.writeStartArray();
            json.writeString(event.stream());
            json.writeString(event.eventName());
            json.writeRawValue(event.argsJson());
            writeNullable(json, event.origin());
            json.writeEndArray();
        });
    }

    private static void writeNullable(JsonGenerator json, String value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    /** What {@code text.getBytes(UTF_8).length} answers, counted without copying the text (it runs per event). */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1; // a lone surrogate is encoded as '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
