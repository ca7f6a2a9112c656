package dev.domainagents.launcher.bench;

import dev.domainagents.core.store.PgSettings;

import java.net.URI;
import java.util.Optional;

/** The platform under measurement: where its HTTP API is, its database if the bench may read it, and a line saying what it is. */
record Target(URI url, Optional<PgSettings> database, String description) {
}
