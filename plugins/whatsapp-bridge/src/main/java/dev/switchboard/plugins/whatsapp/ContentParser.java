package dev.switchboard.plugins.whatsapp;

import static dev.switchboard.plugins.whatsapp.DeliveryParser.firstNonNull;
import static dev.switchboard.plugins.whatsapp.DeliveryParser.map;
import static dev.switchboard.plugins.whatsapp.DeliveryParser.maps;
import static dev.switchboard.plugins.whatsapp.DeliveryParser.str;

import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.MessageContent.Contact;
import dev.switchboard.spi.MessageContent.Contacts;
import dev.switchboard.spi.MessageContent.Location;
import dev.switchboard.spi.MessageContent.Media;
import dev.switchboard.spi.MessageContent.MediaKind;
import dev.switchboard.spi.MessageContent.Other;
import dev.switchboard.spi.MessageContent.Reaction;
import dev.switchboard.spi.MessageContent.Reply;
import dev.switchboard.spi.MessageContent.Text;
import dev.switchboard.spi.Referral;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one {@code messages[]} item into what it asks of the room ({@link RoomAction}), with the SPI's content
 * types: every kind Meta documents (text, image, audio, video, document, sticker, location, contacts, interactive
 * list/button/Flow replies, button, reaction, order, system, edit, revoke, request_welcome, unsupported). Shapes as
 * in Meta's webhook reference and public libraries' recorded payloads (david-lev/pywa
 * {@code tests/data/updates/*.json}). A kind without a richer SPI type, or a part that is missing or malformed
 * (a media without id, a location out of range), becomes {@link Other} with the item's data, so nothing is
 * thrown away and nothing fails. Stateless.
 */
final class ContentParser {

    private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "sticker");
    /** What a referral carries beyond {@link Referral}'s own components. */
    private static final List<String> REFERRAL_DETAILS =
            List.of("media_type", "image_url", "video_url", "thumbnail_url", "ctwa_clid");

    private ContentParser() {
    }

    /**
     * @param message      the {@code messages[]} item
     * @param changeErrors {@code value.errors[]} of the change the message came in (Meta reports some failures
     *                     there instead of on the message), recorded on the message too
     * @return the action, or null when the item has no id (nothing could make it idempotent)
     */
    static RoomAction parse(Map<String, Object> message, List<ChannelError> changeErrors) {
        String wamid = DeliveryParser.wamid(str(message, "id"));
        if (wamid == null) {
            return null;
        }
        String kind = kind(message);
        Map<String, Object> part = map(message.get(kind));
        String original = DeliveryParser.wamid(str(part, "original_message_id"));
        if ("revoke".equals(kind) && original != null) {
            return new RoomAction.Revoke(original);
        }
        if ("edit".equals(kind) && original != null) {
            String text = text(content(map(part.get("message"))));
            if (text != null) {
                return new RoomAction.Edit(original, text);
            }
        }
        List<ChannelError> errors = new ArrayList<>(errors(message.get("errors")));
        errors.addAll(changeErrors);
        Map<String, Object> context = map(message.get("context"));
        return new RoomAction.Post(new InboundMessage(wamid, instant(str(message, "timestamp")), content(message),
                DeliveryParser.wamid(str(context, "id")), referral(map(message.get("referral"))), errors));
    }

    /** The message's {@code type}; {@code unknown} when missing or blank. */
    private static String kind(Map<String, Object> message) {
        return firstNonNull(nonBlank(str(message, "type")), "unknown");
    }

    /** The content of a message (or of an edit's new message), never null. */
    static MessageContent content(Map<String, Object> message) {
        String kind = kind(message);
        Map<String, Object> part = map(message == null ? null : message.get(kind));
        MessageContent content = null;
        if (MEDIA.contains(kind)) {
            content = media(kind, part);
        } else {
            switch (kind) {
                case "text" -> content = blank(str(part, "body")) ? null : new Text(str(part, "body"));
                case "location" -> content = location(part);
                case "contacts" -> content = contacts(message.get("contacts"));
                case "interactive" -> content = interactive(part);
                case "button" -> content = blank(str(part, "text")) ? null
                        : new Reply("button", str(part, "payload"), str(part, "text"), null);
                case "reaction" -> content = blank(str(part, "message_id")) ? null
                        : new Reaction(str(part, "message_id"), str(part, "emoji"));
                default -> content = null;
            }
        }
        return content != null ? content : other(kind, message, part);
    }

    /**
     * Any kind kept as {@link Other}: an order (its text), a system message (its body), a Flow's reply, an
     * unsupported message, or a known kind whose part was missing. Details are the kind's own object.
     */
    private static MessageContent other(String kind, Map<String, Object> message, Map<String, Object> part) {
        String text = switch (kind) {
            case "order" -> str(part, "text");
            case "system" -> str(part, "body");
            case "interactive" -> str(map(part == null ? null : part.get("nfm_reply")), "body");
            default -> null;
        };
        Map<String, Object> details = new LinkedHashMap<>();
        if (part != null) {
            details.putAll(part);
        } else if (message != null && message.get(kind) != null) {
            details.put(kind, message.get(kind));
        }
        try {
            return new Other(kind, text, details);
        } catch (NullPointerException | IllegalArgumentException e) {
            // JSON the SPI cannot hold (a null inside a list): keep the kind and text rather than fail the delivery
            return new Other(kind, text, Map.of());
        }
    }

    private static MessageContent media(String kind, Map<String, Object> part) {
        if (part == null || blank(str(part, "id"))) {
            return null;
        }
        return new Media(MediaKind.valueOf(kind.toUpperCase(Locale.ROOT)), str(part, "id"), str(part, "mime_type"),
                str(part, "caption"), str(part, "filename"), null, str(part, "sha256"));
    }

    private static MessageContent location(Map<String, Object> part) {
        if (part == null || !(part.get("latitude") instanceof Number lat)
                || !(part.get("longitude") instanceof Number lon)) {
            return null;
        }
        double latitude = lat.doubleValue();
        double longitude = lon.doubleValue();
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            return null;
        }
        return new Location(latitude, longitude, str(part, "name"), str(part, "address"), str(part, "url"));
    }

    private static MessageContent contacts(Object value) {
        List<Contact> out = new ArrayList<>();
        for (Map<String, Object> card : maps(value)) {
            Map<String, Object> name = map(card.get("name"));
            List<String> phones = new ArrayList<>();
            for (Map<String, Object> phone : maps(card.get("phones"))) {
                addIfPresent(phones, str(phone, "phone"));
            }
            List<String> emails = new ArrayList<>();
            for (Map<String, Object> email : maps(card.get("emails"))) {
                addIfPresent(emails, str(email, "email"));
            }
            String formatted = firstNonNull(str(name, "formatted_name"),
                    joined(str(name, "first_name"), str(name, "last_name")), phones.isEmpty() ? null : phones.get(0));
            if (blank(formatted)) {
                continue;
            }
            Map<String, Object> details = new LinkedHashMap<>(card);
            details.remove("name");
            details.remove("emails");
            try {
                out.add(new Contact(formatted, phones, emails, details));
            } catch (NullPointerException | IllegalArgumentException e) {
                out.add(new Contact(formatted, phones, emails, Map.of())); // details the SPI cannot hold
            }
        }
        return out.isEmpty() ? null : new Contacts(out);
    }

    /** A button or list reply; a Flow's {@code nfm_reply} carries data beyond a title and stays {@link Other}. */
    private static MessageContent interactive(Map<String, Object> part) {
        String type = str(part, "type");
        if (!"button_reply".equals(type) && !"list_reply".equals(type)) {
            return null;
        }
        Map<String, Object> reply = map(part.get(type));
        if (reply == null || blank(str(reply, "title"))) {
            return null;
        }
        return new Reply(type, str(reply, "id"), str(reply, "title"), str(reply, "description"));
    }

    private static Referral referral(Map<String, Object> part) {
        if (part == null) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        for (String key : REFERRAL_DETAILS) {
            if (str(part, key) != null) {
                details.put(key, str(part, key));
            }
        }
        return new Referral(str(part, "source_type"), str(part, "source_id"), str(part, "source_url"),
                str(part, "headline"), str(part, "body"), details);
    }

    /** The readable text of a content, for an edit: the text, or the caption. */
    private static String text(MessageContent content) {
        if (content instanceof Text t) {
            return t.body();
        }
        return content instanceof Media m ? m.caption() : null;
    }

    /** {@code errors[]} items as Meta sends them on messages, statuses and changes. */
    static List<ChannelError> errors(Object value) {
        List<ChannelError> out = new ArrayList<>();
        for (Map<String, Object> e : maps(value)) {
            String code = e.get("code") instanceof Number n ? Long.toString(n.longValue()) : "unknown";
            String title = firstNonNull(nonBlank(str(e, "title")), nonBlank(str(e, "message")), "Error " + code);
            out.add(new ChannelError(code, title, str(map(e.get("error_data")), "details")));
        }
        return out;
    }

    private static String nonBlank(String value) {
        return blank(value) ? null : value;
    }

    /** Meta's {@code timestamp} (unix seconds as text) as an instant, or null (also when not a plausible time). */
    static Instant instant(String seconds) {
        Long s = VisitorLinker.seconds(seconds);
        return s == null ? null : Instant.ofEpochSecond(s);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String joined(String first, String last) {
        if (first == null) {
            return last;
        }
        return last == null ? first : first + " " + last;
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null) {
            list.add(value);
        }
    }
}
