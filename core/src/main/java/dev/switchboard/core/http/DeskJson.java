package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.desk.Agent;
import dev.switchboard.core.desk.ListedAgent;
import dev.switchboard.core.http.ConversationJson.Dates;
import dev.switchboard.core.desk.Inquiry;
import java.io.IOException;
import java.util.List;

/** The one rendering of agents and inquiries, in Rocket.Chat's shapes, for answers and realtime events. */
public final class DeskJson {
    private DeskJson() { }

    /**
     * An agent or manager as Rocket.Chat's {@code findAgents} projects it: {@code _id, username, name, status,
     * statusLivechat, emails}. {@code status} is {@code online} while the user holds a login token.
     */
    static void writeAgent(JsonGenerator json, Agent agent) throws IOException {
        writeAgent(json, agent, null);
    }

    private static void writeAgent(JsonGenerator json, Agent agent, List<String> departments) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", agent.id());
        json.writeStringField("username", agent.username());
        if (agent.name() != null) {
            json.writeStringField("name", agent.name());
        }
        json.writeStringField("status", agent.online() ? "online" : "offline");
        if (agent.statusLivechat() != null) {
            json.writeStringField("statusLivechat", agent.statusLivechat());
        }
        UserRoutes.writeEmails(json, agent.email());
        if (departments != null) {
            json.writeArrayFieldStart("departments");
            for (String department : departments) {
                json.writeString(department);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** A listed agent or manager: {@link #writeAgent}'s fields and {@code departments}, the ids of its departments. */
    static void writeListedAgent(JsonGenerator json, ListedAgent listed) throws IOException {
        writeAgent(json, listed.agent(), listed.departments());
    }

    /** An inquiry as {@code ILivechatInquiryRecord}: the room's visitor, name, department and source with it. */
    static void writeInquiry(JsonGenerator json, Inquiry inquiry) throws IOException {
        json.writeStartObject();
        writeInquiryFields(json, inquiry, Dates.ISO);
        json.writeEndObject();
    }

    /**
     * {@code [{type, ...inquiry}]}, dates in EJSON: the args of a {@code stream-livechat-inquiry-queue-observer}
     * event, {@code type} being {@code added}, {@code changed} or {@code removed} (Rocket.Chat's minimongo names).
     */
    public static String inquiryEventArgs(String type, Inquiry inquiry) {
        return ConversationJson.array(json -> {
            json.writeStartObject();
            json.writeStringField("type", type);
            writeInquiryFields(json, inquiry, Dates.EJSON);
            json.writeEndObject();
        });
    }

    private static void writeInquiryFields(JsonGenerator json, Inquiry inquiry, Dates dates) throws IOException {
        json.writeStringField("_id", inquiry.id());
        json.writeStringField("rid", inquiry.room().id());
        if (inquiry.room().fname() != null) {
            json.writeStringField("name", inquiry.room().fname());
        }
        dates.write(json, "ts", inquiry.ts());
        json.writeStringField("message", "");
        json.writeStringField("status", inquiry.status());
        ConversationJson.writeVisitor(json, inquiry.room());
        json.writeStringField("t", "l");
        if (inquiry.room().departmentId() != null) {
            json.writeStringField("department", inquiry.room().departmentId());
        }
        ConversationJson.writeSource(json, inquiry.room());
        dates.write(json, "queuedAt", inquiry.ts());
        if (inquiry.takenAt() != null) {
            dates.write(json, "takenAt", inquiry.takenAt());
        }
        dates.write(json, "_updatedAt", inquiry.updatedAt());
    }
}
