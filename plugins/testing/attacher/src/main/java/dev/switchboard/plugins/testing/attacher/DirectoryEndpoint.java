package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalIdConflictException;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorNotFoundException;
import dev.switchboard.spi.VisitorRegistration;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Every {@link VisitorDirectory} capability as a JSON endpoint under {@code directory/}: {@code POST resolve},
 * {@code POST resolve-or-create}, {@code POST attach}, {@code POST detach}, {@code POST register},
 * {@code GET find-by-token?token=}, {@code GET find-by-entity?entityId=}, and (SPI 1.4) {@code POST update-contact
 * {visitorId, phone, email}}, {@code POST update-metadata {entityId, metadata}}. Visitors are answered as
 * {@code {visitor:{id, token, name, phones, emails, externalIds}}}; nothing found is 404 {@code {found:false}}.
 */
@Extension
public class DirectoryEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "directory";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        VisitorDirectory visitors = context.visitors();
        try {
            switch (Rpc.subPath(request, path())) {
                case "find-by-token":
                    return answer(context, visitors.findByToken(request.queryParam("token").orElseThrow()));
                case "find-by-entity":
                    return answer(context, visitors.findByEntityId(request.queryParam("entityId").orElseThrow()));
                default:
                    break;
            }
            if (!request.method().equals("POST")) {
                return AppResponse.status(405);
            }
            Map<String, Object> body = Rpc.body(request, context);
            switch (Rpc.subPath(request, path())) {
                case "resolve":
                    return answer(context, visitors.resolve(identity(body), contact(body)));
                case "resolve-or-create":
                    return answer(context, Optional.of(visitors.resolveOrCreate(identity(body), contact(body),
                            VisitorRegistration.builder(Rpc.string(body, "token"))
                                    .name(Rpc.string(body, "name"))
                                    .phone(Rpc.string(body, "phone"))
                                    .email(Rpc.string(body, "email"))
                                    .build())));
                case "attach":
                    return answer(context, Optional.of(visitors.attachExternalId(Rpc.string(body, "visitorId"),
                            identity(body))));
                case "detach":
                    return answer(context, Optional.of(visitors.detachExternalId(Rpc.string(body, "visitorId"),
                            Rpc.string(body, "entityId"))));
                case "register":
                    return answer(context, Optional.of(visitors.register(
                            VisitorRegistration.builder(Rpc.string(body, "token"))
                                    .name(Rpc.string(body, "name"))
                                    .phone(Rpc.string(body, "phone"))
                                    .email(Rpc.string(body, "email"))
                                    .build())));
                case "update-contact":
                    return answer(context, Optional.of(visitors.updateContact(Rpc.string(body, "visitorId"),
                            contact(body))));
                case "update-metadata":
                    return answer(context, visitors.updateMetadata(Rpc.string(body, "entityId"),
                            identity(body).metadata()));
                default:
                    return AppResponse.status(404);
            }
        } catch (ExternalIdConflictException e) {
            return Rpc.json(context, 409, Map.of("error", "conflict", "entityId", e.entityId(),
                    "existingVisitorId", e.existingVisitorId()));
        } catch (VisitorNotFoundException e) {
            return Rpc.json(context, 404, Map.of("error", "visitor-not-found", "visitorId", e.visitorId()));
        }
    }

    @SuppressWarnings("unchecked")
    private static ExternalIdentity identity(Map<String, Object> body) {
        return new ExternalIdentity(Rpc.string(body, "entityId"), (Map<String, Object>) body.get("metadata"));
    }

    private static ContactData contact(Map<String, Object> body) {
        return new ContactData(Rpc.string(body, "phone"), Rpc.string(body, "email"));
    }

    private static AppResponse answer(AppContext context, Optional<Visitor> visitor) {
        return visitor.map(found -> Rpc.json(context, 200, Map.of("visitor", Rpc.visitor(found))))
                .orElseGet(() -> Rpc.json(context, 404, Map.of("found", false)));
    }
}
