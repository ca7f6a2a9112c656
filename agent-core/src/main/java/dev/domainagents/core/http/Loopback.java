package dev.domainagents.core.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a configured listening host is a loopback address, without asking DNS: {@code localhost}
 * and the literal loopback addresses ({@code 127.0.0.0/8}, {@code ::1}) are; a wildcard
 * ({@code 0.0.0.0}, {@code ::}), another address or any other name is not, since a name may
 * resolve elsewhere on another machine.
 */
public final class Loopback {
    private Loopback() {
    }

    public static boolean is(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.equals("localhost")) {
            return true;
        }
        boolean literal = name.matches("[0-9.]+") || name.contains(":");
        if (!literal) {
            return false;
        }
        try { // a literal is parsed, never looked up
            return InetAddress.getByName(name.startsWith("[") ? name.substring(1, name.length() - 1) : name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
