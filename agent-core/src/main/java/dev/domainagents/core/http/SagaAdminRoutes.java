package dev.domainagents.core.http;

import dev.domainagents.core.saga.SagaView;
import dev.domainagents.core.saga.SagaViews;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /admin/sagas/{correlationId}}: every saga instance of that flow with its state,
 * current step, deadlines and step history, or {@code 404 not_found}. Mounted behind the
 * admin guard.
 */
final class SagaAdminRoutes {
    private final SagaViews sagas;

    SagaAdminRoutes(SagaViews sagas) {
        this.sagas = sagas;
    }

    void mount(Router router) {
        router.get("/admin/sagas/:correlationId").handler(this::show);
    }

    private void show(RoutingContext ctx) {
        String correlationId = ctx.pathParam("correlationId");
        sagas.byCorrelationId(correlationId).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
            } else if (found.result().isEmpty()) {
                HttpReplies.respond(ctx, 404, "not_found", "no saga with correlation id " + correlationId);
            } else {
                JsonArray views = new JsonArray();
                found.result().stream().map(SagaView::toJson).forEach(views::add);
                ctx.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("correlationId", correlationId).put("sagas", views).encode());
            }
        });
    }
}
