package dev.switchboard.plugins.whatsapp;

import static dev.switchboard.plugins.whatsapp.DeliveryParser.firstNonNull;
import static dev.switchboard.plugins.whatsapp.DeliveryParser.map;
import static dev.switchboard.plugins.whatsapp.DeliveryParser.maps;
import static dev.switchboard.plugins.whatsapp.DeliveryParser.str;

import dev.switchboard.plugins.whatsapp.MessageContent.ChannelError;
import dev.switchboard.plugins.whatsapp.MessageContent.Context;
import dev.switchboard.plugins.whatsapp.MessageContent.Location;
import dev.switchboard.plugins.whatsapp.MessageContent.Media;
import dev.switchboard.plugins.whatsapp.MessageContent.Order;
import dev.switchboard.plugins.whatsapp.MessageContent.OrderItem;
import dev.switchboard.plugins.whatsapp.MessageContent.Reaction;
import dev.switchboard.plugins.whatsapp.MessageContent.Referral;
import dev.switchboard.plugins.whatsapp.MessageContent.Reply;
import dev.switchboard.plugins.whatsapp.MessageContent.SharedContact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the content of one {@code messages[]} item into a {@link MessageContent}. Shapes as in Meta's webhook
 * reference for each message type and in public libraries' recorded payloads (david-lev/pywa
 * {@code tests/data/updates/*.json}). A part of unexpected type is left out, never fatal. Stateless.
 */
final class ContentParser {

    private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "sticker");

    private ContentParser() {
    }

    /**
     * @param message      the {@code messages[]} item
     * @param changeErrors {@code value.errors[]} of the change the message came in (Meta reports some failures
     *                     there instead of on the message), recorded on the message too
     */
    static MessageContent parse(Map<String, Object> message, List<ChannelError> changeErrors) {
        List<ChannelError> errors = new ArrayList<>(errors(message.get("errors")));
        errors.addAll(changeErrors);
        String kind = firstNonNull(str(message, "type"), "unknown");
        MessageContent body = body(kind, message);
        return new MessageContent(kind, body.text(), body.media(), body.location(), body.contacts(), body.reply(),
                body.reaction(), body.order(), context(map(message.get("context"))),
                referral(map(message.get("referral"))), body.target(), body.edited(), errors);
    }

    /** The kind-specific part of a message (its own context, referral and errors are added by the caller). */
    private static MessageContent body(String kind, Map<String, Object> message) {
        Map<String, Object> part = map(message.get(kind));
        if (MEDIA.contains(kind)) {
            Media media = media(kind, part);
            return only(kind, media == null ? null : media.caption(), media, null, List.of(), null, null, null);
        }
        return switch (kind) {
            case "text" -> only(kind, str(part, "body"), null, null, List.of(), null, null, null);
            case "location" -> {
                Location location = location(part);
                yield only(kind, location == null ? null : firstNonNull(location.name(), location.address()),
                        null, location, List.of(), null, null, null);
            }
            case "contacts" -> only(kind, null, null, null, contacts(message.get("contacts")), null, null, null);
            case "interactive" -> {
                Reply reply = interactive(part);
                yield only(kind, reply == null ? null : reply.title(), null, null, List.of(), reply, null, null);
            }
            case "button" -> {
                Reply reply = part == null ? null
                        : new Reply("button", str(part, "payload"), str(part, "text"), null, null);
                yield only(kind, reply == null ? null : reply.title(), null, null, List.of(), reply, null, null);
            }
            case "reaction" -> {
                Reaction reaction = part == null ? null
                        : new Reaction(str(part, "message_id"), str(part, "emoji"));
                yield only(kind, reaction == null ? null : reaction.emoji(), null, null, List.of(), null, reaction,
                        null);
            }
            case "order" -> only(kind, str(part, "text"), null, null, List.of(), null, null, order(part));
            case "system" -> only(kind, str(part, "body"), null, null, List.of(), null, null, null);
            case "edit" -> edit(part);
            case "revoke" -> new MessageContent(kind, null, null, null, List.of(), null, null, null, null, null,
                    str(part, "original_message_id"), null, List.of());
            default -> only(kind, null, null, null, List.of(), null, null, null); // unsupported, request_welcome, …
        };
    }

    private static MessageContent only(String kind, String text, Media media, Location location,
                                       List<SharedContact> contacts, Reply reply, Reaction reaction, Order order) {
        return new MessageContent(kind, text, media, location, contacts, reply, reaction, order, null, null, null,
                null, List.of());
    }

    /** An {@code edit}: {@code original_message_id} and the new {@code message} (a text, or a caption's media). */
    private static MessageContent edit(Map<String, Object> part) {
        Map<String, Object> replacement = map(part == null ? null : part.get("message"));
        MessageContent edited = replacement == null ? null : parse(replacement, List.of());
        return new MessageContent("edit", edited == null ? null : edited.text(), null, null, List.of(), null, null,
                null, null, null, str(part, "original_message_id"), edited, List.of());
    }

    private static Media media(String kind, Map<String, Object> part) {
        if (part == null || str(part, "id") == null) {
            return null;
        }
        boolean flag = Boolean.TRUE.equals(part.get("sticker".equals(kind) ? "animated" : "voice"));
        return new Media(str(part, "id"), str(part, "mime_type"), str(part, "caption"), str(part, "filename"),
                str(part, "sha256"), flag);
    }

    private static Location location(Map<String, Object> part) {
        if (part == null || !(part.get("latitude") instanceof Number lat)
                || !(part.get("longitude") instanceof Number lon)) {
            return null;
        }
        return new Location(lat.doubleValue(), lon.doubleValue(), str(part, "name"), str(part, "address"),
                str(part, "url"));
    }

    private static List<SharedContact> contacts(Object value) {
        List<SharedContact> out = new ArrayList<>();
        for (Map<String, Object> card : maps(value)) {
            Map<String, Object> name = map(card.get("name"));
            String formatted = firstNonNull(str(name, "formatted_name"),
                    joined(str(name, "first_name"), str(name, "last_name")));
            List<String> phones = new ArrayList<>();
            List<String> waIds = new ArrayList<>();
            for (Map<String, Object> phone : maps(card.get("phones"))) {
                addIfPresent(phones, str(phone, "phone"));
                addIfPresent(waIds, str(phone, "wa_id"));
            }
            List<String> emails = new ArrayList<>();
            for (Map<String, Object> email : maps(card.get("emails"))) {
                addIfPresent(emails, str(email, "email"));
            }
            out.add(new SharedContact(formatted, phones, waIds, emails, str(card, "origin")));
        }
        return out;
    }

    private static Reply interactive(Map<String, Object> part) {
        String type = str(part, "type");
        Map<String, Object> reply = map(part == null || type == null ? null : part.get(type));
        if (reply == null) {
            return null;
        }
        if ("nfm_reply".equals(type)) {
            return new Reply(type, str(reply, "name"), str(reply, "body"), null, str(reply, "response_json"));
        }
        return new Reply(type, str(reply, "id"), str(reply, "title"), str(reply, "description"), null);
    }

    private static Order order(Map<String, Object> part) {
        if (part == null) {
            return null;
        }
        List<OrderItem> items = new ArrayList<>();
        for (Map<String, Object> item : maps(part.get("product_items"))) {
            items.add(new OrderItem(str(item, "product_retailer_id"), number(item.get("quantity")),
                    number(item.get("item_price")), str(item, "currency")));
        }
        return new Order(str(part, "catalog_id"), items);
    }

    private static Context context(Map<String, Object> part) {
        if (part == null) {
            return null;
        }
        Map<String, Object> product = map(part.get("referred_product"));
        return new Context(str(part, "id"), Boolean.TRUE.equals(part.get("forwarded")),
                Boolean.TRUE.equals(part.get("frequently_forwarded")), str(product, "product_retailer_id"));
    }

    private static Referral referral(Map<String, Object> part) {
        if (part == null) {
            return null;
        }
        return new Referral(str(part, "source_url"), str(part, "source_id"), str(part, "source_type"),
                str(part, "headline"), str(part, "body"), str(part, "media_type"), str(part, "image_url"),
                str(part, "video_url"), str(part, "thumbnail_url"), str(part, "ctwa_clid"));
    }

    /** {@code errors[]} items as Meta sends them on messages, statuses and changes. */
    static List<ChannelError> errors(Object value) {
        List<ChannelError> out = new ArrayList<>();
        for (Map<String, Object> e : maps(value)) {
            int code = e.get("code") instanceof Number n ? n.intValue() : 0;
            out.add(new ChannelError(code, firstNonNull(str(e, "title"), str(e, "message")), str(e, "message"),
                    str(map(e.get("error_data")), "details")));
        }
        return out;
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return value instanceof String s ? Double.parseDouble(s) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
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
