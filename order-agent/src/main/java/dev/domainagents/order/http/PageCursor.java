package dev.domainagents.order.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The opaque {@code next}/{@code after} cursor of {@code GET /orders}: where the last page ended. */
final class PageCursor {
    private static final String PREFIX = "o:";

    private PageCursor() {
    }

    static String encode(long placedSeq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + placedSeq).getBytes(StandardCharsets.US_ASCII));
    }

    static Optional<Long> decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            return text.startsWith(PREFIX) ? Optional.of(Long.parseLong(text.substring(PREFIX.length()))) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
