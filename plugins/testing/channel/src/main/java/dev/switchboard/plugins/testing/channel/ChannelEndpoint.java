package dev.switchboard.plugins.testing.channel;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.ChannelPost;
import dev.switchboard.spi.ChannelRoom;
import dev.switchboard.spi.Conversations;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.PostOutcome;
import dev.switchboard.spi.PostedMessage;
import dev.switchboard.spi.Receipt;
import dev.switchboard.spi.RoomUnavailableException;
import dev.switchboard.spi.VisitorNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The channel's side of a conversation as JSON endpoints under {@code channel/}, so tests play the channel:
 * {@code post {token, alias, id, kind, text, …}} → the posted message; {@code postAll {posts: [post's body, …]}} →
 * {@code {outcomes: [posted message or {refusal}, …]}}; {@code open {token, alias}} → the room;
 * {@code room {roomId}} → 200 or 404; {@code edit {id, text}}; {@code revoke {id}};
 * {@code receipt {id, status, code, title}} → {@code {known}}; {@code GET handed} → every agent message
 * {@link FixtureSender} was handed, each attempt. The HTTP capability is driven by {@link HttpEndpoint}.
 */
@Extension
public class ChannelEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "channel";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        Conversations conversations = context.conversations();
        String action = request.path().substring(path().length() + 1);
        try {
            if (action.equals("handed")) {
                return json(context, 200, Map.of("handed", handed(context)));
            }
            Map<String, Object> body = context.json().parseObject(request.body());
            switch (action) {
                case "post":
                    return json(context, 200, posted(conversations.post(string(body, "token"),
                            string(body, "alias"), inbound(body))));
                case "postAll":
                    return json(context, 200, Map.of("outcomes", outcomes(conversations.postAll(posts(body)))));
                case "open":
                    return json(context, 200, room(conversations.openRoom(string(body, "token"),
                            string(body, "alias"))));
                case "room":
                    return conversations.findRoom(string(body, "roomId")).map(room -> json(context, 200, room(room)))
                            .orElseGet(() -> json(context, 404, Map.of("found", false)));
                case "edit":
                    return json(context, 200, Map.of("edited",
                            conversations.edit(string(body, "id"), string(body, "text")).isPresent()));
                case "revoke":
                    return json(context, 200, Map.of("revoked", conversations.revoke(string(body, "id"))));
                case "receipt":
                    return json(context, 200, Map.of("known", conversations.receipt(string(body, "id"),
                            receipt(body))));
                default:
                    return json(context, 404, Map.of("error", "no action " + action));
            }
        } catch (VisitorNotFoundException e) {
            return json(context, 404, Map.of("error", "visitor-not-found"));
        } catch (RoomUnavailableException e) {
            return json(context, 409, Map.of("error", "room-unavailable", "message", e.getMessage()));
        } catch (IllegalArgumentException e) {
            return json(context, 400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static InboundMessage inbound(Map<String, Object> body) {
        String kind = body.getOrDefault("kind", "text").toString();
        MessageContent content;
        switch (kind) {
            case "location":
                content = new MessageContent.Location(number(body, "lat"), number(body, "lng"),
                        string(body, "name"), null, null);
                break;
            case "image":
                content = new MessageContent.Media(MessageContent.MediaKind.IMAGE, string(body, "mediaId"),
                        string(body, "mimeType"), string(body, "caption"), null, 2048L, null);
                break;
            case "reaction":
                content = new MessageContent.Reaction(string(body, "target"), string(body, "text"));
                break;
            default:
                content = new MessageContent.Text(string(body, "text"));
        }
        List<ChannelError> errors = new ArrayList<>();
        if (body.get("errors") instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> error = (Map<?, ?>) item;
                errors.add(ChannelError.of(error.get("code").toString(), error.get("title").toString()));
            }
        }
        return new InboundMessage(string(body, "id"), Instant.ofEpochMilli(1_700_000_000_000L), content,
                string(body, "replyTo"), null, errors);
    }

    private static List<ChannelPost> posts(Map<String, Object> body) {
        List<ChannelPost> posts = new ArrayList<>();
        for (Object item : (List<?>) body.get("posts")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> post = (Map<String, Object>) item;
            posts.add(new ChannelPost(string(post, "token"), string(post, "alias"), inbound(post)));
        }
        return posts;
    }

    private static List<Object> outcomes(List<PostOutcome> outcomes) {
        List<Object> out = new ArrayList<>();
        for (PostOutcome outcome : outcomes) {
            out.add(outcome.isPosted() ? posted(outcome.posted()) : Map.of("refusal", outcome.refusal().name()));
        }
        return out;
    }

    private static Receipt receipt(Map<String, Object> body) {
        Receipt.Status status = Receipt.Status.valueOf(string(body, "status").toUpperCase(Locale.ROOT));
        return status == Receipt.Status.FAILED
                ? Receipt.failed(ChannelError.of(string(body, "code"), string(body, "title")), null)
                : Receipt.of(status, null);
    }

    private static List<Object> handed(AppContext context) {
        List<Object> handed = new ArrayList<>();
        for (String key : context.store().keys(FixtureSender.HANDED, 1000)) {
            byte[] value = context.store().get(key).orElseThrow();
            handed.add(context.json().parse(value));
        }
        return handed;
    }

    private static Map<String, Object> posted(PostedMessage posted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", posted.messageId());
        out.put("roomId", posted.roomId());
        out.put("channelMessageId", posted.channelMessageId());
        out.put("created", posted.created());
        return out;
    }

    private static Map<String, Object> room(ChannelRoom room) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("roomId", room.id());
        out.put("visitorId", room.visitorId());
        out.put("alias", room.alias());
        out.put("open", room.open());
        out.put("created", room.created());
        return out;
    }

    static AppResponse json(AppContext context, int status, Object body) {
        return AppResponse.json(status, context.json().write(body));
    }

    static String string(Map<String, Object> body, String name) {
        Object value = body.get(name);
        return value == null ? null : value.toString();
    }

    private static double number(Map<String, Object> body, String name) {
        return ((Number) body.get(name)).doubleValue();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
