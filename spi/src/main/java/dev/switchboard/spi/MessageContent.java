package dev.switchboard.spi;

import java.util.List;
import java.util.Map;

/**
 * What an inbound message carries: one of the records below. The host keeps the content in the message's
 * {@code channel} member and writes a readable text for agents into {@code msg} (the text, the caption, the
 * location's name, the reply's title, …).
 *
 * <p>Strings that may be absent are null (blank becomes null); details maps are JSON-like, as
 * {@link ExternalId}'s metadata, deep-copied and immutable.
 *
 * @since 1.4.0
 */
public sealed interface MessageContent {

    /**
     * Plain text.
     *
     * @param body the text; not blank
     */
    record Text(String body) implements MessageContent {
        /**
         * Validates the component.
         *
         * @param body the body component
         * @throws NullPointerException     if {@code body} is null
         * @throws IllegalArgumentException if {@code body} is blank
         */
        public Text {
            Checks.requireNonBlank(body, "body");
        }
    }

    /** The kind of a {@link Media}. */
    enum MediaKind {
        /** A picture. */
        IMAGE,
        /** A sound or voice note. */
        AUDIO,
        /** A video. */
        VIDEO,
        /** A document (PDF, …). */
        DOCUMENT,
        /** A sticker. */
        STICKER
    }

    /**
     * A reference to a file the channel holds; the host stores the reference, never the bytes.
     *
     * @param kind     what the file is; not null
     * @param mediaId  the channel's id of the file, for fetching it from the channel; not blank
     * @param mimeType its MIME type, or null
     * @param caption  the sender's caption, or null
     * @param fileName its file name, or null
     * @param size     its size in bytes, or null when unknown; not negative
     * @param sha256   its SHA-256 as the channel gives it, or null
     */
    record Media(MediaKind kind, String mediaId, String mimeType, String caption, String fileName, Long size,
                 String sha256) implements MessageContent {
        /**
         * Validates and normalises the components.
         *
         * @param kind the kind component
         * @param mediaId the mediaId component
         * @param mimeType the mimeType component
         * @param caption the caption component
         * @param fileName the fileName component
         * @param size the size component
         * @param sha256 the sha256 component
         * @throws NullPointerException     if {@code kind} or {@code mediaId} is null
         * @throws IllegalArgumentException if {@code mediaId} is blank or {@code size} negative
         */
        public Media {
            java.util.Objects.requireNonNull(kind, "kind must not be null");
            Checks.requireNonBlank(mediaId, "mediaId");
            mimeType = Checks.blankToNull(mimeType);
            caption = Checks.blankToNull(caption);
            fileName = Checks.blankToNull(fileName);
            sha256 = Checks.blankToNull(sha256);
            if (size != null && size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
        }
    }

    /**
     * A place.
     *
     * @param latitude  degrees, -90 to 90
     * @param longitude degrees, -180 to 180
     * @param name      the place's name, or null
     * @param address   its address, or null
     * @param url       a link to it, or null
     */
    record Location(double latitude, double longitude, String name, String address, String url)
            implements MessageContent {
        /**
         * Validates and normalises the components.
         *
         * @param latitude the latitude component
         * @param longitude the longitude component
         * @param name the name component
         * @param address the address component
         * @param url the url component
         * @throws IllegalArgumentException if a coordinate is out of range or not a number
         */
        public Location {
            if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
                throw new IllegalArgumentException("latitude must be within ±90 and longitude within ±180");
            }
            name = Checks.blankToNull(name);
            address = Checks.blankToNull(address);
            url = Checks.blankToNull(url);
        }
    }

    /**
     * One shared contact card.
     *
     * @param name    the contact's formatted name; not blank
     * @param phones  its phone numbers as given; never null
     * @param emails  its email addresses; never null
     * @param details the rest of the card (addresses, organisation, channel ids); never null
     */
    record Contact(String name, List<String> phones, List<String> emails, Map<String, Object> details) {
        /**
         * Validates and copies the components.
         *
         * @param name the name component
         * @param phones the phones component; null becomes empty
         * @param emails the emails component; null becomes empty
         * @param details the details component; null becomes empty
         * @throws NullPointerException     if {@code name} or a list element is null
         * @throws IllegalArgumentException if {@code name} is blank or details hold an unsupported value
         */
        public Contact {
            Checks.requireNonBlank(name, "name");
            phones = phones == null ? List.of() : List.copyOf(phones);
            emails = emails == null ? List.of() : List.copyOf(emails);
            details = JsonValues.copyObject(details, "details");
        }
    }

    /**
     * Shared contact cards.
     *
     * @param contacts the cards; not empty
     */
    record Contacts(List<Contact> contacts) implements MessageContent {
        /**
         * Validates and copies the component.
         *
         * @param contacts the contacts component
         * @throws NullPointerException     if {@code contacts} or an element is null
         * @throws IllegalArgumentException if {@code contacts} is empty
         */
        public Contacts {
            contacts = List.copyOf(contacts);
            if (contacts.isEmpty()) {
                throw new IllegalArgumentException("contacts must not be empty");
            }
        }
    }

    /**
     * The visitor chose an option an earlier message offered: a button, a list row, a quick reply.
     *
     * @param kind        the channel's kind of reply, for example {@code "button_reply"}, {@code "list_reply"} or
     *                    {@code "button"}; not blank
     * @param id          the option's id, or null when the channel gives none
     * @param title       the option's text; not blank
     * @param description the option's description, or null
     */
    record Reply(String kind, String id, String title, String description) implements MessageContent {
        /**
         * Validates and normalises the components.
         *
         * @param kind the kind component
         * @param id the id component
         * @param title the title component
         * @param description the description component
         * @throws NullPointerException     if {@code kind} or {@code title} is null
         * @throws IllegalArgumentException if {@code kind} or {@code title} is blank
         */
        public Reply {
            Checks.requireNonBlank(kind, "kind");
            Checks.requireNonBlank(title, "title");
            id = Checks.blankToNull(id);
            description = Checks.blankToNull(description);
        }
    }

    /**
     * The visitor reacted to a message of the conversation.
     *
     * @param targetChannelMessageId the channel's id of the message reacted to; not blank
     * @param emoji                  the reaction, or null when the visitor removed it
     */
    record Reaction(String targetChannelMessageId, String emoji) implements MessageContent {
        /**
         * Validates and normalises the components.
         *
         * @param targetChannelMessageId the targetChannelMessageId component
         * @param emoji the emoji component
         * @throws NullPointerException     if {@code targetChannelMessageId} is null
         * @throws IllegalArgumentException if {@code targetChannelMessageId} is blank
         */
        public Reaction {
            Checks.requireNonBlank(targetChannelMessageId, "targetChannelMessageId");
            emoji = Checks.blankToNull(emoji);
        }
    }

    /**
     * Any other kind the channel has (an order, a system notice, a message the channel could not show), kept with
     * its data so nothing is thrown away.
     *
     * @param kind    the channel's kind, for example {@code "order"} or {@code "unsupported"}; not blank
     * @param text    a readable text for agents, or null
     * @param details the channel's data; never null
     */
    record Other(String kind, String text, Map<String, Object> details) implements MessageContent {
        /**
         * Validates and copies the components.
         *
         * @param kind the kind component
         * @param text the text component
         * @param details the details component; null becomes empty
         * @throws NullPointerException     if {@code kind} is null, or details hold a null key or list element
         * @throws IllegalArgumentException if {@code kind} is blank, or details hold an unsupported value
         */
        public Other {
            Checks.requireNonBlank(kind, "kind");
            text = Checks.blankToNull(text);
            details = JsonValues.copyObject(details, "details");
        }
    }
}
