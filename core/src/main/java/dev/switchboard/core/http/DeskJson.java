package dev.switchboard.core.http;

import static dev.switchboard.core.http.VisitorJson.time;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.desk.Agent;
import dev.switchboard.core.desk.Inquiry;
import java.io.IOException;

/** The one rendering of agents and inquiries, in Rocket.Chat's shapes. */
final class DeskJson {
    private DeskJson() { }

    /**
     * An agent or manager as Rocket.Chat's {@code findAgents} projects it: {@code _id, username, name, status,
     * statusLivechat, emails}. {@code status} is {@code online} while the user holds a login token.
     */
    static void writeAgent(JsonGenerator json, Agent agent) throws IOException {
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
        json.writeEndObject();
    }

    /** An inquiry as {@code ILivechatInquiryRecord}: the room's visitor, name, department and source with it. */
    static void writeInquiry(JsonGenerator json, Inquiry inquiry) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", inquiry.id());
        json.writeStringField("rid", inquiry.room().id());
        if (inquiry.room().fname() != null) {
            json.writeStringField("name", inquiry.room().fname());
        }
        json.writeStringField("ts", time(inquiry.ts()));
        json.writeStringField("message", "");
        json.writeStringField("status", inquiry.status());
        ConversationJson.writeVisitor(json, inquiry.room());
        json.writeStringField("t", "l");
        if (inquiry.room().departmentId() != null) {
            json.writeStringField("department", inquiry.room().departmentId());
        }
        ConversationJson.writeSource(json, inquiry.room());
        json.writeStringField("queuedAt", time(inquiry.ts()));
        if (inquiry.takenAt() != null) {
            json.writeStringField("takenAt", time(inquiry.takenAt()));
        }
        json.writeStringField("_updatedAt", time(inquiry.updatedAt()));
        json.writeEndObject();
    }
}
