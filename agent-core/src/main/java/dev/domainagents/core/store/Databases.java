package dev.domainagents.core.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Opens the process's connection pool; every agent of the process shares it. */
public final class Databases {
    private Databases() {
    }

    public static Pool pool(Vertx vertx, PgSettings settings) {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setDatabase(settings.database())
                .setUser(settings.user())
                .setPassword(settings.password())
                .setCachePreparedStatements(true)
                .setPipeliningLimit(256);
        PoolOptions pool = new PoolOptions()
                .setMaxSize(settings.poolSize())
                .setMaxWaitQueueSize(10_000)
                .setShared(false);
        return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
    }
}
