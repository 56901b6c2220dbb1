package dev.taskcast.engine.config;

import java.util.regex.Pattern;

/** Removes {@code user:password@} from a connection URL so that it can be logged or shown. */
public final class UrlCredentials {

    // Text-based rather than java.net.URI: URLs with unescaped characters in the password must
    // be cleaned too, and URI would reject them.
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

    private UrlCredentials() {
    }

    public static String strip(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1");
    }
}
