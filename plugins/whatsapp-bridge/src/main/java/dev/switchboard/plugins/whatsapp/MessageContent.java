package dev.switchboard.plugins.whatsapp;

import java.util.List;

/**
 * What one inbound WhatsApp message says, read from its {@code messages[]} item: every kind Meta documents
 * (text, image, audio, video, document, sticker, location, contacts, interactive replies, button, reaction,
 * order, edit, revoke, system, request_welcome, unsupported). Components a kind does not carry are null (lists:
 * empty). Media are references: the bytes stay at Meta until someone fetches them with the access token.
 *
 * @param kind      Meta's {@code type} (for an {@code edit}, {@code "edit"}; the edited content is {@code edited})
 * @param text      the readable text: {@code text.body}, a caption, a button or list title, a reaction's emoji,
 *                  an order's text, a system message's {@code body}; null when there is none
 * @param media     the attachment of image/audio/video/document/sticker messages
 * @param location  a shared location
 * @param contacts  shared contact cards
 * @param reply     the answer to an interactive message or a template's quick-reply button
 * @param reaction  a reaction to an earlier message
 * @param order     a cart sent from a catalog
 * @param context   what the message answers or whether it was forwarded ({@code context})
 * @param referral  the ad or post the user came from ({@code referral}, click-to-WhatsApp)
 * @param target    the wamid an {@code edit} or {@code revoke} changes ({@code original_message_id})
 * @param edited    the new content of an {@code edit}
 * @param errors    {@code errors[]} of the message (and of its change), e.g. 131051 for an unsupported type
 */
record MessageContent(String kind, String text, Media media, Location location, List<SharedContact> contacts,
                      Reply reply, Reaction reaction, Order order, Context context, Referral referral,
                      String target, MessageContent edited, List<ChannelError> errors) {

    MessageContent {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /**
     * A media reference.
     *
     * @param id       Meta's media id (fetch {@code GET /{id}} for a short-lived URL)
     * @param mimeType the MIME type
     * @param caption  the caption, or null
     * @param fileName a document's file name, or null
     * @param sha256   the file's hash as Meta sends it, or null
     * @param voice    whether an audio is a voice note; whether a sticker is animated
     */
    record Media(String id, String mimeType, String caption, String fileName, String sha256, boolean voice) {
    }

    /** A location: coordinates, and the place's name, address and URL when the user chose a place. */
    record Location(double latitude, double longitude, String name, String address, String url) {
    }

    /** A shared contact card: the formatted name, phone numbers (as sent) and the WhatsApp ids among them. */
    record SharedContact(String name, List<String> phones, List<String> waIds, List<String> emails, String origin) {
        SharedContact {
            phones = List.copyOf(phones);
            waIds = List.copyOf(waIds);
            emails = List.copyOf(emails);
        }
    }

    /**
     * A reply to something the business sent: {@code button_reply}, {@code list_reply}, a Flow's {@code nfm_reply},
     * or a template's quick-reply {@code button}.
     *
     * @param type        {@code button_reply}, {@code list_reply}, {@code nfm_reply} or {@code button}
     * @param id          the chosen option's id, or the button's {@code payload}
     * @param title       the chosen option's title, or the button's text
     * @param description a list row's description, or null
     * @param data        a Flow's {@code response_json}, or null
     */
    record Reply(String type, String id, String title, String description, String data) {
    }

    /** A reaction; {@code emoji} is null when the user removed their reaction. */
    record Reaction(String messageId, String emoji) {
    }

    /** An order from a catalog. */
    record Order(String catalogId, List<OrderItem> items) {
        Order {
            items = List.copyOf(items);
        }
    }

    /** One line of an order: the product's retailer id, quantity, unit price and currency. */
    record OrderItem(String productRetailerId, double quantity, double itemPrice, String currency) {
    }

    /**
     * The message's {@code context}.
     *
     * @param replyTo             the wamid it quotes ({@code context.id}), or null
     * @param forwarded           {@code context.forwarded}
     * @param frequentlyForwarded {@code context.frequently_forwarded}
     * @param productRetailerId   the product asked about ({@code context.referred_product}), or null
     */
    record Context(String replyTo, boolean forwarded, boolean frequentlyForwarded, String productRetailerId) {
    }

    /** The click-to-WhatsApp ad or post a conversation started from. */
    record Referral(String sourceUrl, String sourceId, String sourceType, String headline, String body,
                    String mediaType, String imageUrl, String videoUrl, String thumbnailUrl, String ctwaClid) {
    }

    /**
     * An error Meta reports on a message or status.
     *
     * @param code    Meta's numeric code (e.g. 131051), or 0 when absent
     * @param title   its title
     * @param message its message, or null
     * @param details {@code error_data.details}, or null
     */
    record ChannelError(int code, String title, String message, String details) {
    }
}
